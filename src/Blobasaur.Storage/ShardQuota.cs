using Blobasaur.Config;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

// [sqlite] max_shard_size_mb: a cap on each shard file, through SQLite's max_page_count on the writer connection. A write
// that would grow the file past it fails with SQLITE_FULL, exactly as when the disk is full (DiskFullException), so the
// cap both protects a shared disk and lets tests exercise the disk-full path anywhere. SQLite never lowers the cap below
// the file's current size: a file already larger keeps its size but cannot grow.
internal static class ShardQuota
{
    public static void Apply(SqliteConnection writer, SqliteSection sqlite)
    {
        if (sqlite.MaxShardSizeMb <= 0)
            return;
        var pageSize = ShardConnection.Scalar(writer, "PRAGMA page_size");
        var pages = Math.Max(1, sqlite.MaxShardSizeMb * 1024 * 1024 / pageSize);
        ShardConnection.Execute(writer, $"PRAGMA max_page_count = {pages};");
    }
}
