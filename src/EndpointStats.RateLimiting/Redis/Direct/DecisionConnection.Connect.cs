using System.Net.Sockets;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>
/// Opening the connection: to the primary the multiplexer knows, authenticated with its user and password, on its default
/// database, named for <c>CLIENT LIST</c>, with the script loaded. Any failure leaves it down for <see cref="Reconnect"/>.
/// </summary>
internal sealed partial class DecisionConnection
{
    private void Connect()
    {
        Socket? socket = null;
        try
        {
            var primary = Primary(_redis) ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No Redis primary is connected.");
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = 1000, ReceiveTimeout = _settings.ConnectTimeout };
            using (var timeout = new CancellationTokenSource(_settings.ConnectTimeout))
            {
                socket.ConnectAsync(primary, timeout.Token).AsTask().GetAwaiter().GetResult();
            }

            _socket = socket;
            if (_settings.Password is { } password)
            {
                Expect(_settings.User is { } user ? ["AUTH", user, password] : ["AUTH", password], '+');
            }

            if (_settings.DefaultDatabase is > 0 and var database)
            {
                Expect(["SELECT", database.ToString(System.Globalization.CultureInfo.InvariantCulture)], '+');
            }

            Expect(["CLIENT", "SETNAME", "endpointstats-decisions"], '+');
            Expect(["SCRIPT", "LOAD", Script.Text], '$');
            _connected = true;
            _reportedDown = false;
            RateLimitingLog.DecisionConnectionUp(_logger, primary.ToString() ?? "?");
        }
        catch (Exception ex)
        {
            ReportDown(ex);
            // Any failure (Redis down, refused credentials, the multiplexer disposed at shutdown) leaves it down for a while.
            socket?.Dispose();
            _socket = null;
            // A decision queued just as the connection went down would otherwise wait here unanswered.
            Disconnect(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "The rate-limit decision connection to Redis is down."));
            _wake.Reset();
            if (!_disposed)
            {
                _wake.Wait(Reconnect);
            }
        }
    }

    /// <summary>Logs the first failure after it was up (or of the first attempt), not every retry.</summary>
    private void ReportDown(Exception cause)
    {
        if (!_reportedDown && !_disposed)
        {
            _reportedDown = true;
            RateLimitingLog.DecisionConnectionDown(_logger, cause.Message);
        }
    }

    /// <summary>Sends one command and waits for its reply, which must be of kind <paramref name="kind"/>.</summary>
    private void Expect(string[] command, char kind)
    {
        _writer.Clear();
        _writer.BeginCommand(command.Length);
        foreach (var part in command)
        {
            _writer.Bulk(part);
        }

        _socket!.Send(_writer.Written);
        _filled = 0;
        while (true)
        {
            var read = _socket.Receive(_received, _filled, _received.Length - _filled, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("Redis closed the connection.");
            }

            _filled += read;
            var (reply, used) = RespReply.Parse(_received.AsSpan(0, _filled));
            if (reply is null)
            {
                continue;
            }

            // One command at a time: nothing follows its reply.
            _filled = 0;
            if (reply.Kind != kind)
            {
                throw new RedisConnectionException(ConnectionFailureType.AuthenticationFailure, $"Redis answered {command[0]} with '{reply.Text}'.");
            }

            return;
        }
    }
}
