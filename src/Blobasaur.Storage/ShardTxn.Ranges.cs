using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Blobasaur.Storage;

// Writer-side primitives of SETRANGE/APPEND: a row's codec, and an in-place overwrite of bytes inside an
// uncompressed value through SQLite incremental blob I/O (no read of the rest of the value, no rewrite of the row).
internal sealed partial class ShardTxn
{
    private RangeStatements? _ranges;

    private RangeStatements Ranges => _ranges ??= new RangeStatements(_db);

    public int BlobCodec(long id)
    {
        var s = Ranges.Codec.Bind(1, id);
        try
        {
            return s.Step() ? (int)s.Int64(0) : throw new InvalidOperationException($"blob row {id} vanished inside its transaction");
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>Overwrites value bytes [offset, offset + bytes.Length) of an uncompressed row; the length must not grow.</summary>
    public void OverwriteBlobRange(long id, long offset, ReadOnlySpan<byte> bytes)
    {
        WriteInPlace(id, offset, bytes);
        Ranges.Touch.Bind(1, id).Bind(2, Now).Bind(3, NextVersion()).Execute();
    }

    private void WriteInPlace(long id, long offset, ReadOnlySpan<byte> bytes)
    {
        Check(raw.sqlite3_blob_open(_db.Handle!, "main", "blobs", "value", id, 1, out var blob));
        using (blob)
        {
            const int chunk = 1 << 20;
            for (var done = 0; done < bytes.Length; done += chunk)
                Check(raw.sqlite3_blob_write(blob, bytes.Slice(done, Math.Min(chunk, bytes.Length - done)), checked((int)offset + done)));
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db.Handle);
    }

    private sealed class RangeStatements(SqliteConnection db) : IDisposable
    {
        public readonly Stmt Codec = new(db, Sql.BlobCodec);
        public readonly Stmt Touch = new(db, Sql.TouchBlob);

        public void Dispose()
        {
            Codec.Dispose();
            Touch.Dispose();
        }
    }
}
