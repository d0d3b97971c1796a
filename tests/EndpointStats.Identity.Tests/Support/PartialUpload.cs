using System.Net.Sockets;
using System.Text;

namespace EndpointStats.Identity.Tests.Support;

/// <summary>
/// Over a raw socket: announces a huge multipart upload, sends only its first <c>sentBytes</c>, then waits for the answer.
/// A write refused because the server already answered and closed is not a failure: the answer is read after it.
/// A server that answers has decided without the rest of the body, which the client never sends.
/// </summary>
internal static class PartialUpload
{
    public static async Task<string> SendAsync(Uri server, string token, long declaredBytes, int sentBytes, bool chunked)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        const string boundary = "partial-boundary";
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {declaredBytes}";
        var head = $"POST /api/images HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\n{framing}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var body = new List<byte>(Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n"));
        body.AddRange(TestImages.Png(4, 4)[..33]);
        body.AddRange(new byte[Math.Max(0, sentBytes - body.Count)]);
        var bytes = sentBytes == 0 ? [] : body.ToArray();
        if (bytes.Length > 0)
        {
            try
            {
                await stream.WriteAsync(chunked ? [.. Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), .. bytes, .. "\r\n"u8] : bytes);
            }
            catch (IOException)
            {
                // The server may answer and close before the client has written all it meant to send; the answer
                // already sits in the receive queue, which a reset does not purge on Linux.
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
