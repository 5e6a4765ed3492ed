namespace Blobasaur.Storage;

// The keys of one hash slot, for CLUSTER COUNTKEYSINSLOT / GETKEYSINSLOT. These are admin commands (redis-cli --cluster
// fix/reshard), so the statements are prepared per call instead of being kept on every read connection.
internal sealed partial class ReadConnection
{
    /// <summary>Live plain keys plus live namespaces of the slot.</summary>
    public long CountSlotKeys(int slot, long now)
    {
        using var s = new Stmt(_db, Sql.CountSlotKeys);
        s.Bind(1, slot).Bind(2, now);
        return s.Step() ? s.Int64(0) : 0;
    }

    /// <summary>Up to limit live names of the slot, blobs and namespaces each in byte order (the caller merges them).</summary>
    public void SlotKeys(int slot, long now, int limit, List<byte[]> into)
    {
        foreach (var sql in new[] { Sql.SlotBlobKeys, Sql.SlotNamespaceNames })
        {
            using var s = new Stmt(_db, sql);
            s.Bind(1, slot).Bind(2, now).Bind(3, limit);
            while (s.Step())
                into.Add(s.Blob(0).ToArray());
        }
    }

    /// <summary>Whether this shard holds any live name.</summary>
    public bool HasAnyLiveKey(long now)
    {
        using var s = new Stmt(_db, Sql.AnyLiveKey);
        s.Bind(1, now);
        return s.Step() && s.Int64(0) != 0;
    }

    /// <summary>Whether the name is committed and live in this slot, as a blob or a namespace.</summary>
    public bool HasLiveName(int slot, ReadOnlySpan<byte> name, long now) =>
        BlobMeta(slot, name, now) is not null || Namespace(slot, name, now) is not null;
}
