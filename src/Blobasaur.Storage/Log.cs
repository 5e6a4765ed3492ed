using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// Storage log messages. Event ids 3000-3099. Keys and values are never logged.
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Opened {DataDir}: {Shards} shards, {Keys} keys, version {Version}, async_write={Async}")]
    public static partial void Opened(ILogger logger, string dataDir, int shards, long keys, long version, bool async);

    [LoggerMessage(3001, LogLevel.Error, "Shard {Shard}: a batch of {Ops} writes failed to commit; retrying them one by one")]
    public static partial void BatchFailed(ILogger logger, int shard, int ops, Exception error);

    [LoggerMessage(3002, LogLevel.Error, "Shard {Shard}: a write failed to commit ({Bytes} bytes); its pending values were dropped")]
    public static partial void WriteFailed(ILogger logger, int shard, long bytes, Exception error);

    [LoggerMessage(3003, LogLevel.Debug, "Shard {Shard}: swept {Rows} entries of deleted namespaces")]
    public static partial void Swept(ILogger logger, int shard, int rows);

    [LoggerMessage(3004, LogLevel.Information, "Closed {DataDir}")]
    public static partial void Closed(ILogger logger, string dataDir);
}
