namespace Blobasaur.Storage;

// Row primitives used by the write ops. Each keeps the committed counters' deltas up to date.
internal sealed partial class ShardTxn
{
    private Stmt? _readChunks, _insertChunk;

    public BlobRow? FindBlob(int slot, ReadOnlySpan<byte> key)
    {
        _findBlob.Bind(1, slot).Bind(2, key);
        try
        {
            return _findBlob.Step()
                ? new BlobRow(_findBlob.Int64(0), _findBlob.Int64(1), _findBlob.Int64(2), _findBlob.NullableInt64(3))
                : null;
        }
        finally
        {
            _findBlob.Reset();
        }
    }

    /// <summary>A blob's value, decompressed. Ops that only hand the value back to the caller use ReadBlobEncoded.</summary>
    public BlobValue ReadBlob(long id) => _compression.Decode(ReadBlobEncoded(id));

    /// <summary>
    /// A blob's value as stored, to be decoded by the caller after the commit (ValueCompression.Decode(BlobValue)),
    /// so the shard's single writer does not spend its time decompressing.
    /// </summary>
    public BlobValue ReadBlobEncoded(long id)
    {
        _readBlob.Bind(1, id);
        try
        {
            if (!_readBlob.Step())
                throw new InvalidOperationException($"blob row {id} vanished inside its transaction");
            var codec = _readBlob.Int64(1);
            var size = _readBlob.Int64(2);
            if (codec != Sql.ChunkedCodec)
                return BlobValue.CopyEncoded(_readBlob.Blob(0), codec, size);
            _readBlob.Reset();
            var value = BlobValue.Rent((int)size);
            ChunkStore.Read(Prepared(ref _readChunks, Sql.ReadChunks), id, 0, value.Writable);
            return value;
        }
        finally
        {
            _readBlob.Reset();
        }
    }

    /// <summary>Inserts or overwrites a plain blob with a raw (uncompressed) value.</summary>
    public void WriteBlob(int slot, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long? expiresAt, BlobRow? existing) =>
        WriteBlob(slot, key, value, 0, value.Length, expiresAt, existing);

    /// <summary>Inserts or overwrites a plain blob, encoded by the caller. An expired row is replaced as if new (created_at restarts).</summary>
    public void WriteBlob(int slot, ReadOnlySpan<byte> key, EncodedValue value, long? expiresAt, BlobRow? existing) =>
        WriteBlob(slot, key, value.Data.Span, (long)value.Codec, value.Size, expiresAt, existing);

    private void WriteBlob(int slot, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, long codec, long size, long? expiresAt,
        BlobRow? existing)
    {
        var version = NextVersion();
        var chunked = ChunkStore.ShouldChunk(codec, data.Length);
        var inline = chunked ? [] : data;
        var storedCodec = chunked ? Sql.ChunkedCodec : codec;
        long id;
        if (existing is { } row)
        {
            var created = row.IsLive(Now) ? row.CreatedAt : Now;
            _updateBlob.Bind(1, row.Id).Bind(2, inline).Bind(3, storedCodec).Bind(4, size).Bind(5, created).Bind(6, Now)
                .Bind(7, expiresAt).Bind(8, version).Execute();
            id = row.Id;
        }
        else
        {
            _insertBlob.Bind(1, slot).Bind(2, key).Bind(3, inline).Bind(4, storedCodec).Bind(5, size).Bind(6, Now)
                .Bind(7, expiresAt).Bind(8, version).Execute();
            id = _insertBlob.LastInsertRowId;
            _blobDelta++;
        }

        if (chunked)
            ChunkStore.Write(Prepared(ref _insertChunk, Sql.InsertChunk), id, data);
    }

    public void DeleteBlob(long id)
    {
        if (_deleteBlob.Bind(1, id).Execute() > 0)
            _blobDelta--;
    }

    /// <summary>
    /// The live namespace of that name. Lazy expiry: a namespace past its TTL, or whose every entry has expired, no longer
    /// exists, so it is dropped here (inside the writer's transaction) and null is returned. Count is the physical row
    /// count, expired-but-unswept entries included, because callers adjust it by the rows they add and delete.
    /// </summary>
    public NamespaceRow? FindNamespace(int slot, ReadOnlySpan<byte> name)
    {
        _findNs.Bind(1, slot).Bind(2, name).Bind(3, Now);
        NamespaceRow row;
        bool expired;
        try
        {
            if (!_findNs.Step())
                return null;
            row = new NamespaceRow(_findNs.Int64(0), _findNs.Int64(1));
            _lastNamespaceTtl = _findNs.NullableInt64(2);
            expired = (_lastNamespaceTtl is { } at && at <= Now) || _findNs.Int64(3) >= row.Count;
        }
        finally
        {
            _findNs.Reset();
        }
        if (!expired)
            return row;
        DropNamespace(row);
        _expiredDelta++;
        return null;
    }

    public NamespaceRow CreateNamespace(int slot, ReadOnlySpan<byte> name)
    {
        _insertNs.Bind(1, slot).Bind(2, name).Bind(3, Now).Bind(4, NextVersion()).Execute();
        _nsDelta++;
        return new NamespaceRow(_insertNs.LastInsertRowId, 0);
    }

    /// <summary>Records a namespace's new entry count; a namespace left empty stops existing, as a Redis hash does.</summary>
    public void UpdateNamespace(NamespaceRow ns)
    {
        if (ns.Count > 0)
        {
            _updateNs.Bind(1, ns.Id).Bind(2, ns.Count).Bind(3, Now).Bind(4, NextVersion()).Execute();
            return;
        }
        _deleteNs.Bind(1, ns.Id).Execute();
        _nsDelta--;
    }

    // Small namespaces go at once. Big ones lose their name now (so the name is free, and reads see nothing) and
    // their entries are swept SweepChunk at a time by later transactions (see ShardWriter).
    public void DropNamespace(NamespaceRow ns)
    {
        _deleteNs.Bind(1, ns.Id).Execute();
        _nsDelta--;
        if (ns.Count <= SweepChunk)
        {
            _deleteEntriesOf.Bind(1, ns.Id).Execute();
            return;
        }
        _markDropped.Bind(1, ns.Id).Execute();
        HasDropped = true;
    }

    /// <summary>Deletes up to budget entries of dropped namespaces; returns how many rows went.</summary>
    public int SweepDropped(int budget)
    {
        var deleted = 0;
        while (deleted < budget)
        {
            long id;
            try
            {
                if (!_nextDropped.Step())
                {
                    HasDropped = false;
                    break;
                }
                id = _nextDropped.Int64(0);
            }
            finally
            {
                _nextDropped.Reset();
            }
            var wanted = budget - deleted;
            var chunk = _deleteChunk.Bind(1, id).Bind(2, wanted).Execute();
            deleted += chunk;
            if (chunk < wanted)
                _unmarkDropped.Bind(1, id).Execute(); // that namespace is gone; try the next one

        }
        return deleted;
    }

    public EntryRow? FindEntry(long nsId, ReadOnlySpan<byte> key)
    {
        _findEntry.Bind(1, nsId).Bind(2, key);
        try
        {
            return _findEntry.Step()
                ? new EntryRow(_findEntry.Int64(0), _findEntry.Int64(1), _findEntry.NullableInt64(2))
                : null;
        }
        finally
        {
            _findEntry.Reset();
        }
    }

    /// <summary>Inserts or overwrites an entry, encoded by the caller; returns true when it created a new row.</summary>
    public bool WriteEntry(long nsId, ReadOnlySpan<byte> key, EncodedValue value, EntryRow? existing)
    {
        var version = NextVersion();
        var data = value.Data.Span;
        if (existing is { } row)
        {
            var created = row.IsLive(Now) ? row.CreatedAt : Now;
            _updateEntry.Bind(1, row.Id).Bind(2, data).Bind(3, (long)value.Codec).Bind(4, value.Size).Bind(5, created).Bind(6, Now)
                .Bind(7, version).Execute();
            return false;
        }
        _insertEntry.Bind(1, nsId).Bind(2, key).Bind(3, data).Bind(4, (long)value.Codec).Bind(5, value.Size).Bind(6, Now)
            .Bind(7, version).Execute();
        return true;
    }

    public void DeleteEntry(long id) => _deleteEntry.Bind(1, id).Execute();

    public void FlushAll()
    {
        using var flush = new Microsoft.Data.Sqlite.SqliteCommand(Sql.FlushAll, _db);
        flush.ExecuteNonQuery();
        _blobDelta = -BlobCount;
        _nsDelta = -NamespaceCount;
        HasDropped = false;
    }
}

internal sealed partial class ShardTxn
{
    /// <summary>Unconditional SET: replaces a blob or a namespace of that name (Redis SET overwrites any type).</summary>
    public void SetBlob(int slot, ReadOnlySpan<byte> key, EncodedValue value, long? expiresAt)
    {
        // Invariant: a name is a row of blobs or of namespaces, never both, so the namespace lookup is only needed
        // when there is no blob row.
        var blob = FindBlob(slot, key);
        if (blob is null && FindNamespace(slot, key) is { } ns)
            DropNamespace(ns);
        WriteBlob(slot, key, value, expiresAt, blob);
    }

    /// <summary>The name exists: a live blob or a namespace.</summary>
    public bool Exists(int slot, ReadOnlySpan<byte> key) =>
        FindBlob(slot, key) is { } blob ? blob.IsLive(Now) : FindNamespace(slot, key) is not null;
}
