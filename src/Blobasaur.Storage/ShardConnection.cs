using Blobasaur.Config;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

// Opens one connection to a shard file with the pragmas every connection needs, and creates the schema the first time.
internal static class ShardConnection
{
    // Used when [sqlite] cache_size_mb is not set: per shard, split between the writer and its readers.
    private const int DefaultCacheMbPerShard = 8;

    public static string FileName(string dataDir, int shard) => Path.Combine(dataDir, $"shard_{shard}.db");

    public static SqliteConnection Open(string path, BlobasaurConfig config, bool writer)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = writer ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false, // we keep our own connections for the life of the store
            DefaultTimeout = 0,
        }.ToString());
        connection.Open();
        Execute(connection, Pragmas(config, writer));
        return connection;
    }

    /// <summary>Creates the file with its fixed settings (page size, auto_vacuum, WAL) and schema if needed.</summary>
    public static void CreateSchema(SqliteConnection connection)
    {
        if (Scalar(connection, "PRAGMA page_count") == 0)
            Execute(connection, Sql.CreationPragmas);
        Execute(connection, Sql.CreateSchema);
        ExpirySchema.Migrate(connection);
        Execute(connection, Sql.ChunkSchema);
        // WAL is persistent in the file; setting it on every open is a no-op after the first.
        Execute(connection, "PRAGMA journal_mode = WAL;");
    }

    // Cache: the [sqlite] budget is for the whole process, so split it by shard, then half to the writer (it holds
    // the b-tree pages that inserts touch) and half over the readers. mmap_size is address space, not memory
    // (the OS page cache is shared), so every connection of a shard maps the shard's whole share.
    private static string Pragmas(BlobasaurConfig config, bool writer)
    {
        var sqlite = config.Sqlite;
        var shardCacheKb = (long)(sqlite.CacheSizeMb ?? DefaultCacheMbPerShard * config.NumShards) * 1024 / config.NumShards;
        var cacheKb = writer ? shardCacheKb / 2 : shardCacheKb / 2 / Math.Max(1, sqlite.MaxConnections);
        var mmapBytes = sqlite.MmapSize * 1024 * 1024 / config.NumShards;
        var synchronous = sqlite.Synchronous switch
        {
            SqliteSynchronous.Off => "OFF",
            SqliteSynchronous.Full => "FULL",
            _ => "NORMAL",
        };
        return $"""
            PRAGMA busy_timeout = {sqlite.BusyTimeoutMs};
            PRAGMA synchronous = {synchronous};
            PRAGMA cache_size = -{Math.Max(256, cacheKb)};
            PRAGMA mmap_size = {mmapBytes};
            PRAGMA temp_store = MEMORY;
            """;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
