using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server;

// The per-client memory limits the RESP loop enforces on its input (the output side is ClientOutput). See docs/limits.md.
public sealed partial class Connection
{
    private ILogger? _limitLogger;

    /// <summary>
    /// Redis's client-query-buffer-limit: the bytes this client sent that do not yet form a complete request (unparsed input
    /// plus the arguments of a large request being assembled). Over the limit the client is closed without a reply, as Redis
    /// does, and a warning names it.
    /// </summary>
    private bool QueryBufferExceeded(in ReadOnlySequence<byte> unparsed)
    {
        var limit = limits.MaxQueryBuffer;
        if (limit <= 0) return false;
        var held = unparsed.Length + (_streaming?.HeldBytes ?? 0);
        if (held <= limit) return false;
        _limitLogger ??= _server.Loggers.CreateLogger("Blobasaur.Server");
        LogQueryBufferExceeded(_limitLogger, Client.Id, Client.Address, held, limit);
        return true;
    }

    /// <summary>True once CLIENT KILL, the idle timeout or an output-buffer overflow asked for this client to go: stop
    /// executing the requests already read.</summary>
    private bool Closing => Client.Closing.IsCancellationRequested;

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "Closing client that reached max query buffer length: id={ClientId} addr={Address} ({Held} bytes held; client_query_buffer_limit {Limit})")]
    private static partial void LogQueryBufferExceeded(ILogger logger, long clientId, string address, long held, long limit);
}
