using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage.Maintenance;

// Small helpers shared by the offline tools (migration, restore) and the online ones (backup): plain connections
// outside the server's pools (durable file replacement is DurableFile).
internal static class MaintenanceDb
{
    public static SqliteConnection Open(string path, bool readOnly = false, bool create = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false, // Dispose must really close the file (the last close of a WAL database removes its -wal)
            DefaultTimeout = 0,
        }.ToString());
        connection.Open();
        // NORMAL: in WAL mode a commit is not fsynced, but a crash (even of the OS) never corrupts the file; the tools
        // fsync what they rely on (a checkpoint syncs the database, and files are fsynced before their commit rename).
        Execute(connection, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql, params object?[] args)
    {
        using var command = Command(connection, sql, args);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), args[i] ?? DBNull.Value);
        return command;
    }

    /// <summary>Copies the WAL into the main file and truncates it, so the .db file alone holds every commit.</summary>
    public static void Checkpoint(SqliteConnection connection) => Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");

    /// <summary>
    /// Closes a database for good: a read-write open, TRUNCATE checkpoint and close (the last read-write close removes the
    /// -wal), then removes empty -wal/-shm left by read-only opens. Throws if a -wal with frames remains.
    /// </summary>
    public static void Seal(string path)
    {
        using (var db = Open(path))
            Checkpoint(db);
        var wal = new FileInfo(path + "-wal");
        if (wal.Exists && wal.Length > 0)
            throw new IOException($"{wal.FullName} still holds {wal.Length} bytes after a checkpoint; is another process using {path}?");
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        DurableFile.FsyncFile(path);
    }

    public static void DeleteDatabase(string path)
    {
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
            File.Delete(path + suffix);
    }
}
