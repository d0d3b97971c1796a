using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// Stands in for the server's response body for one request and counts the body bytes the application writes, through the
/// stream, the pipe or a file, whether or not the response declared a <c>Content-Length</c> (minimal API JSON and problem
/// details are chunked). Everything is passed straight to the server's own body.
/// </summary>
internal sealed class CountingResponseBody(IHttpResponseBodyFeature inner) : Stream, IHttpResponseBodyFeature
{
    private CountingPipeWriter? _writer;
    private long _count;

    /// <summary>Puts a counting body in place of the server's for this request, or returns null when there is none.</summary>
    public static CountingResponseBody? Attach(HttpContext context)
    {
        if (context.Features.Get<IHttpResponseBodyFeature>() is not { } inner)
        {
            return null;
        }

        var counting = new CountingResponseBody(inner);
        context.Features.Set<IHttpResponseBodyFeature>(counting);
        return counting;
    }

    /// <summary>Gives the server's body back, before anything outside the recording slot writes.</summary>
    public void Detach(HttpContext context) => context.Features.Set(inner);

    /// <summary>Body bytes written so far.</summary>
    public long Count => _count + (_writer?.Count ?? 0);

    Stream IHttpResponseBodyFeature.Stream => this;

    PipeWriter IHttpResponseBodyFeature.Writer => _writer ??= new CountingPipeWriter(inner.Writer);

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        _count += count ?? Math.Max(0, new FileInfo(path).Length - offset);
        return inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public Task CompleteAsync() => inner.CompleteAsync();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Stream.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.Stream.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _count += count;
        inner.Stream.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _count += buffer.Length;
        inner.Stream.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        _count++;
        inner.Stream.WriteByte(value);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _count += count;
        return inner.Stream.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _count += buffer.Length;
        return inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    private sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
    {
        public long Count { get; private set; }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            Count += bytes;
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            Count += source.Length;
            return inner.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
