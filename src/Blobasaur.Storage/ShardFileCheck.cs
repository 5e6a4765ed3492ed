using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

// Startup check of every existing shard file, before any of them is opened for writing: a damaged file (garbage where the
// SQLite header should be, or a file cut short) stops startup with a message naming the file and the fix, and no shard
// file is touched. Only the 100-byte header and the file size are read, so the check costs nothing on large files; damage
// deeper inside is reported when SQLite meets it (also naming the file, see Wrap).
internal static class ShardFileCheck
{
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    public static void ValidateAll(string dataDir, int numShards)
    {
        for (var i = 0; i < numShards; i++)
        {
            var path = ShardConnection.FileName(dataDir, i);
            if (File.Exists(path) && Problem(path) is { } problem)
                throw Damaged(path, dataDir, problem);
        }
    }

    /// <summary>Turns SQLite's "file is not a database" / "database disk image is malformed" while opening a shard into the
    /// same clear startup error.</summary>
    public static Exception Wrap(string path, string dataDir, SqliteException ex) =>
        ex.SqliteErrorCode is 11 /* SQLITE_CORRUPT */ or 26 /* SQLITE_NOTADB */
            ? Damaged(path, dataDir, ex.Message)
            : ex;

    private static StorageLayoutException Damaged(string path, string dataDir, string problem) => new(
        $"{path} is damaged ({problem}). Blobasaur stopped before writing to any shard file. Restore {Path.GetFileName(path)} " +
        $"from a backup, or move it out of {dataDir} to start that shard empty (its keys are lost); the other shard files are untouched.");

    // The file format: https://www.sqlite.org/fileformat2.html#the_database_header
    internal static string? Problem(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = file.Length;
        if (length == 0)
            return null; // created but never written (a crash right after creation): SQLite initializes it
        Span<byte> header = stackalloc byte[100];
        if (length < header.Length)
            return $"only {length} bytes, shorter than a SQLite header";
        file.ReadExactly(header);
        if (!header[..Magic.Length].SequenceEqual(Magic))
            return "no SQLite header: the first bytes are not \"SQLite format 3\"";
        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        if (pageSize == 1)
            pageSize = 65536;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            return $"invalid page size {pageSize} in the header";
        // A crash in the middle of a checkpoint leaves the header of the new size (page 1 is written first) with the file
        // still short of it, or a partly written last page: the WAL still holds every page and SQLite's recovery finishes
        // the job. So the size can only be judged when there is no WAL to recover from.
        var wal = new FileInfo(path + "-wal");
        if (wal.Exists && wal.Length > 0)
            return null;
        if (length % pageSize != 0)
            return $"size {length} is not a whole number of {pageSize}-byte pages: the file was cut short or appended to";
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header[24..]);
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header[92..]);
        // The page count is trustworthy only when written by the same change as the counter (SQLite's own rule).
        if (validFor == changeCounter && pages > 0 && length < (long)pages * pageSize)
            return $"truncated: the header says {pages} pages of {pageSize} bytes, the file holds {length / pageSize}";
        return null;
    }
}
