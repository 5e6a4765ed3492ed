using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

/// <summary>A live name as the writer sees it: a plain blob or a namespace, with its TTL (Unix ms, null = none).</summary>
internal readonly record struct LiveKey(BlobRow? Blob, NamespaceRow? Namespace, long? ExpiresAt);

// Expiry primitives of the writer (issue 4): TTL setters and the sweeper's bounded deletes. Statements are prepared on
// first use, so a shard that never sees a TTL pays nothing.
internal sealed partial class ShardTxn
{
    private Stmt? _setBlobTtl, _setNsTtl, _setEntryTtl, _readEntry, _sweepBlobs, _expiredNs, _expiredEntries, _shrinkNs;
    private long _expiredDelta;
    private long? _lastNamespaceTtl; // the TTL of the namespace FindNamespace found last

    /// <summary>Keys (blobs and namespaces) removed because they expired, since the store opened (INFO expired_keys).</summary>
    public long ExpiredKeys { get; private set; }

    private Stmt Prepared(ref Stmt? stmt, string sql) => stmt ??= new Stmt(_db, sql);

    /// <summary>The live blob or namespace of that name, or null. An expired blob counts as missing.</summary>
    public LiveKey? FindLiveKey(int slot, ReadOnlySpan<byte> key)
    {
        if (FindBlob(slot, key) is { } blob)
            return blob.IsLive(Now) ? new LiveKey(blob, null, blob.ExpiresAt) : null;
        return FindNamespace(slot, key) is { } ns ? new LiveKey(null, ns, _lastNamespaceTtl) : null;
    }

    /// <summary>Sets (or with null, removes) the TTL of a live key.</summary>
    public void SetKeyExpiry(LiveKey key, long? expiresAt)
    {
        if (key.Blob is { } blob)
            Prepared(ref _setBlobTtl, Sql.SetBlobExpiry).Bind(1, blob.Id).Bind(2, expiresAt).Bind(3, NextVersion()).Execute();
        else
            Prepared(ref _setNsTtl, Sql.SetNamespaceExpiry).Bind(1, key.Namespace!.Value.Id).Bind(2, expiresAt).Bind(3, NextVersion())
                .Execute();
    }

    /// <summary>Deletes a live key: the blob row, or the namespace with its entries (chunked when big).</summary>
    public void DeleteKey(LiveKey key)
    {
        if (key.Blob is { } blob)
            DeleteBlob(blob.Id);
        else
            DropNamespace(key.Namespace!.Value);
    }

    public void SetEntryExpiry(long nsId, ReadOnlySpan<byte> key, long? expiresAt) =>
        Prepared(ref _setEntryTtl, Sql.SetEntryExpiry).Bind(1, nsId).Bind(2, key).Bind(3, expiresAt).Bind(4, NextVersion()).Execute();

    // Decoded by the row's codec, as ReadBlob does.
    public BlobValue ReadEntry(long id)
    {
        var read = Prepared(ref _readEntry, Sql.ReadEntryById).Bind(1, id);
        try
        {
            if (!read.Step())
                throw new InvalidOperationException($"entry row {id} vanished inside its transaction");
            return _compression.Decode(read.Blob(0), read.Int64(1), read.Int64(2));
        }
        finally
        {
            read.Reset();
        }
    }

    /// <summary>
    /// Deletes up to budget expired rows: blobs, namespaces past their TTL, then entries. A namespace left without entries
    /// goes too. Returns the rows deleted (the sweeper stops when fewer than budget went).
    /// </summary>
    public int SweepExpired(int budget)
    {
        var blobs = Prepared(ref _sweepBlobs, Sql.SweepBlobs).Bind(1, Now).Bind(2, budget).Execute();
        _blobDelta -= blobs;
        _expiredDelta += blobs;
        var done = blobs;
        if (done < budget)
            done += SweepExpiredNamespaces(budget - done);
        if (done < budget)
            done += SweepExpiredEntries(budget - done);
        return done;
    }

    private int SweepExpiredNamespaces(int budget)
    {
        var expired = new List<NamespaceRow>();
        var select = Prepared(ref _expiredNs, Sql.ExpiredNamespaces).Bind(1, Now).Bind(2, budget);
        try
        {
            while (select.Step())
                expired.Add(new NamespaceRow(select.Int64(0), select.Int64(1)));
        }
        finally
        {
            select.Reset();
        }
        var rows = 0;
        foreach (var ns in expired)
        {
            DropNamespace(ns);
            _expiredDelta++;
            rows += 1 + (int)Math.Min(ns.Count, SweepChunk); // a bigger one is marked and swept later by SweepDropped
        }
        return rows;
    }

    private int SweepExpiredEntries(int budget)
    {
        var perNamespace = new Dictionary<long, long>();
        var ids = new List<long>();
        var select = Prepared(ref _expiredEntries, Sql.ExpiredEntries).Bind(1, Now).Bind(2, budget);
        try
        {
            while (select.Step())
            {
                ids.Add(select.Int64(0));
                perNamespace[select.Int64(1)] = perNamespace.GetValueOrDefault(select.Int64(1)) + 1;
            }
        }
        finally
        {
            select.Reset();
        }
        foreach (var id in ids)
            DeleteEntry(id);
        foreach (var (nsId, removed) in perNamespace)
        {
            var shrink = Prepared(ref _shrinkNs, Sql.ShrinkNamespace).Bind(1, nsId).Bind(2, removed);
            long? left;
            try
            {
                left = shrink.Step() ? shrink.Int64(0) : null; // null: the namespace was dropped, its entries are orphans
            }
            finally
            {
                shrink.Reset();
            }
            if (left <= 0)
            {
                UpdateNamespace(new NamespaceRow(nsId, 0)); // deletes the row and counts it out
                _expiredDelta++;
            }
        }
        return ids.Count;
    }

    private void DisposeExpiry()
    {
        foreach (var s in new[] { _setBlobTtl, _setNsTtl, _setEntryTtl, _readEntry, _sweepBlobs, _expiredNs, _expiredEntries, _shrinkNs })
            s?.Dispose();
    }
}

// Schema 1 -> 2: namespaces get a TTL column, entries an index to count a namespace's expired entries cheaply.
// Runs at every open, inside a transaction, before any statement that needs the new column is prepared.
internal static class ExpirySchema
{
    public static void Migrate(SqliteConnection db)
    {
        if (ShardConnection.Scalar(db, "SELECT value FROM meta WHERE name = 'schema'") >= 2)
            return;
        using var txn = db.BeginTransaction();
        using (var migrate = new SqliteCommand(Sql.MigrateToV2, db, txn))
            migrate.ExecuteNonQuery();
        txn.Commit();
    }
}
