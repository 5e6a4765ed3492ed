using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Blobasaur.Storage;

/// <summary>One name found by SCAN: Position orders it inside its slot (2*id for a blob, 2*id+1 for a namespace).</summary>
internal readonly record struct ScanRow(long Position, byte[] Key, KeyType Type);

/// <summary>A raw namespace entry seen by HSCAN; Value is null for NOVALUES, Codec says how it is stored.</summary>
internal readonly record struct EntryScanRow(long Id, byte[] Key, byte[]? Value, int Codec, bool Live, long Size);

/// <summary>Where a live blob is: its rowid (for incremental blob I/O), codec and original length.</summary>
internal readonly record struct BlobLocation(long Id, int Codec, long Size);

// Keyspace iteration and range reads on a read connection. The statements are prepared on first use, so a
// connection that never scans pays nothing.
internal sealed partial class ReadConnection
{
    private ScanStatements? _scan;

    private ScanStatements Scan => _scan ??= new ScanStatements(_db);

    /// <summary>Up to limit live names of one slot at or after position, in position order.</summary>
    public List<ScanRow> ScanSlot(int slot, long position, KeyBounds bounds, long now, int limit, bool blobs, bool namespaces)
    {
        var rows = new List<ScanRow>();
        if (blobs)
            Collect(Scan.SlotBlobs, slot, position, bounds, now, limit, KeyType.String, rows);
        if (namespaces)
            Collect(Scan.SlotNamespaces, slot, position, bounds, now, limit, KeyType.Hash, rows);
        rows.Sort((a, b) => a.Position.CompareTo(b.Position));
        return rows;
    }

    private static void Collect(Stmt s, int slot, long position, KeyBounds bounds, long now, int limit, KeyType type, List<ScanRow> rows)
    {
        // Smallest id whose position (2*id or 2*id+1) is >= position.
        s.Bind(1, slot).Bind(2, (position + 1) / 2).Bind(3, position / 2).Bind(4, bounds.Low).Bind(6, now).Bind(7, limit);
        if (bounds.High is { } high)
            s.Bind(5, high);
        try
        {
            var tag = type == KeyType.Hash ? 1 : 0;
            while (s.Step())
                rows.Add(new ScanRow(s.Int64(0) * 2 + tag, s.Blob(1).ToArray(), type));
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>The smallest slot after afterSlot that has rows in this shard (live or not), or null.</summary>
    public int? NextSlot(int afterSlot)
    {
        var a = Scalar(Scan.NextBlobSlot.Bind(1, afterSlot));
        var b = Scalar(Scan.NextNamespaceSlot.Bind(1, afterSlot));
        return (int?)(a is null ? b : b is null ? a : Math.Min(a.Value, b.Value));
    }

    /// <summary>HSCAN: the next limit entries of a namespace by id, expired ones included but marked.</summary>
    public List<EntryScanRow> ScanEntries(long nsId, long fromId, int limit, bool values, long now)
    {
        var s = Scan.Entries.Bind(1, nsId).Bind(2, fromId).Bind(3, limit).Bind(4, values ? 1 : 0);
        var rows = new List<EntryScanRow>();
        try
        {
            while (s.Step())
            {
                var live = s.NullableInt64(4) is not { } at || at > now;
                rows.Add(new EntryScanRow(s.Int64(0), s.Blob(1).ToArray(), values ? s.Blob(2).ToArray() : null, (int)s.Int64(3), live, s.Int64(5)));
            }
        }
        finally
        {
            s.Reset();
        }
        return rows;
    }

    /// <summary>KEYS: every live name of this shard within bounds.</summary>
    public void AllKeys(KeyBounds bounds, long now, bool blobs, bool namespaces, List<byte[]> into)
    {
        if (blobs)
            ReadKeys(Scan.AllBlobKeys.Bind(1, bounds.Low).Bind(3, now), bounds, into);
        if (namespaces)
            ReadKeys(Scan.AllNamespaceNames.Bind(1, bounds.Low).Bind(3, now), bounds, into);
    }

    private static void ReadKeys(Stmt s, KeyBounds bounds, List<byte[]> into)
    {
        if (bounds.High is { } high)
            s.Bind(2, high);
        try
        {
            while (s.Step())
                into.Add(s.Blob(0).ToArray());
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>RANDOMKEY in this shard: the first live name at or after a random rowid (wrapping once), or null.</summary>
    public byte[]? RandomKey(Random random, long now, bool preferNamespace) => preferNamespace
        ? RandomNamespace(random, now) ?? RandomBlob(random, now)
        : RandomBlob(random, now) ?? RandomNamespace(random, now);

    private byte[]? RandomBlob(Random random, long now) => RandomFrom(Scan.BlobIdRange, Scan.BlobFromId, random, now, expiring: true);

    private byte[]? RandomNamespace(Random random, long now) =>
        RandomFrom(Scan.NamespaceIdRange, Scan.NamespaceFromId, random, now, expiring: false);

    private static byte[]? RandomFrom(Stmt range, Stmt fromId, Random random, long now, bool expiring)
    {
        long min, max;
        try
        {
            if (!range.Step() || range.NullableInt64(0) is not { } lo)
                return null;
            (min, max) = (lo, range.Int64(1));
        }
        finally
        {
            range.Reset();
        }
        return KeyFrom(fromId, random.NextInt64(min, max + 1), now, expiring) ?? KeyFrom(fromId, min, now, expiring);
    }

    private static byte[]? KeyFrom(Stmt s, long id, long now, bool expires)
    {
        s.Bind(1, id);
        if (expires)
            s.Bind(2, now); // blobs expire; namespace rows have no expires_at
        try
        {
            return s.Step() ? s.Blob(0).ToArray() : null;
        }
        finally
        {
            s.Reset();
        }
    }

    public BlobLocation? LocateBlob(int slot, ReadOnlySpan<byte> key, long now)
    {
        var s = Scan.Locate.Bind(1, slot).Bind(2, key).Bind(3, now);
        try
        {
            return s.Step() ? new BlobLocation(s.Int64(0), (int)s.Int64(1), s.Int64(2)) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    /// <summary>
    /// Runs read inside one read transaction, so a row located by one statement is the same row, with the same
    /// value, when incremental blob I/O opens it afterwards (WAL: the snapshot is fixed at the first read).
    /// </summary>
    public T InSnapshot<T>(Func<ReadConnection, T> read)
    {
        Scan.Begin.Execute();
        try
        {
            return read(this);
        }
        finally
        {
            Scan.Commit.Execute();
        }
    }

    /// <summary>Copies value bytes [offset, offset + destination.Length) of blob row id straight from the file.</summary>
    public void ReadBlobRange(long id, long offset, Span<byte> destination)
    {
        Check(raw.sqlite3_blob_open(_db.Handle!, "main", "blobs", "value", id, 0, out var blob));
        using (blob)
        {
            // sqlite3_blob_read takes an int offset and length: SQLite values are below 2 GB (SQLITE_MAX_LENGTH).
            const int chunk = 1 << 20;
            for (var done = 0; done < destination.Length; done += chunk)
            {
                var part = destination.Slice(done, Math.Min(chunk, destination.Length - done));
                Check(raw.sqlite3_blob_read(blob, part, checked((int)offset + done)));
            }
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db.Handle);
    }

    private static long? Scalar(Stmt s)
    {
        try
        {
            return s.Step() ? s.NullableInt64(0) : null;
        }
        finally
        {
            s.Reset();
        }
    }

    private sealed class ScanStatements(SqliteConnection db) : IDisposable
    {
        public readonly Stmt SlotBlobs = new(db, Sql.ScanSlotBlobs);
        public readonly Stmt SlotNamespaces = new(db, Sql.ScanSlotNamespaces);
        public readonly Stmt NextBlobSlot = new(db, Sql.NextBlobSlot);
        public readonly Stmt NextNamespaceSlot = new(db, Sql.NextNamespaceSlot);
        public readonly Stmt Entries = new(db, Sql.ScanEntries);
        public readonly Stmt AllBlobKeys = new(db, Sql.AllBlobKeys);
        public readonly Stmt AllNamespaceNames = new(db, Sql.AllNamespaceNames);
        public readonly Stmt BlobIdRange = new(db, Sql.BlobIdRange);
        public readonly Stmt NamespaceIdRange = new(db, Sql.NamespaceIdRange);
        public readonly Stmt BlobFromId = new(db, Sql.BlobKeyFromId);
        public readonly Stmt NamespaceFromId = new(db, Sql.NamespaceNameFromId);
        public readonly Stmt Locate = new(db, Sql.LocateBlob);
        public readonly Stmt Begin = new(db, "BEGIN");
        public readonly Stmt Commit = new(db, "COMMIT");

        public void Dispose()
        {
            foreach (var s in new[]
                     {
                         SlotBlobs, SlotNamespaces, NextBlobSlot, NextNamespaceSlot, Entries, AllBlobKeys, AllNamespaceNames, BlobIdRange,
                         NamespaceIdRange, BlobFromId, NamespaceFromId, Locate, Begin, Commit,
                     })
                s.Dispose();
        }
    }
}
