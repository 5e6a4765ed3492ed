using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// Disk faults. Event ids 3020-3029.
internal static partial class Log
{
    [LoggerMessage(3020, LogLevel.Error,
        "Shard {Shard}: disk full (SQLITE_FULL) while committing {Ops} writes; they all failed and were rolled back. " +
        "Free space on the data_dir file system (or raise [sqlite] max_shard_size_mb); writes resume without a restart")]
    public static partial void DiskFull(ILogger logger, int shard, int ops, Exception error);
}
