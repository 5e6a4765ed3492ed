namespace Blobasaur.Storage;

// HSET / HMSET / HSETNX (https://redis.io/docs/latest/commands/hset/): the count of entries that did not exist.
// Values arrive encoded (compressed by the caller).
internal sealed class HSetOp(SlotKey ns, IReadOnlyList<(ReadOnlyMemory<byte> Key, EncodedValue Value)> pairs,
    bool onlyIfMissing) : WriteOp<CountResult>
{
    public override long Bytes => ns.Key.Length + pairs.Sum(p => (long)p.Key.Length + p.Value.Data.Length);

    public override void Apply(ShardTxn txn)
    {
        var name = ns.Key.Span;
        NamespaceRow? row = null;
        if (txn.FindBlob(ns.Slot, name) is { } blob)
        {
            if (blob.IsLive(txn.Now))
            {
                Result = CountResult.WrongType;
                return;
            }
            txn.DeleteBlob(blob.Id); // an expired blob no longer exists: the name is free for a namespace
        }
        else
        {
            row = txn.FindNamespace(ns.Slot, name);
        }

        long added = 0;
        var count = row?.Count ?? 0;
        foreach (var (key, value) in pairs)
        {
            var entry = row is { } r ? txn.FindEntry(r.Id, key.Span) : null;
            if (onlyIfMissing && entry is { } e && e.IsLive(txn.Now))
                continue;
            row ??= txn.CreateNamespace(ns.Slot, name);
            if (txn.WriteEntry(row.Value.Id, key.Span, value, entry))
            {
                count++;
                added++;
            }
            else if (!entry!.Value.IsLive(txn.Now))
            {
                added++; // overwrote an expired entry: new from the client's point of view
            }
        }
        if (row is { } written)
            txn.UpdateNamespace(written with { Count = count });
        Result = CountResult.Of(added);
    }
}

// HDEL (https://redis.io/docs/latest/commands/hdel/): removing the last entry removes the namespace.
internal sealed class HDelOp(SlotKey ns, IReadOnlyList<ReadOnlyMemory<byte>> keys) : WriteOp<CountResult>
{
    public override void Apply(ShardTxn txn)
    {
        var name = ns.Key.Span;
        if (txn.FindNamespace(ns.Slot, name) is not { } row)
        {
            Result = txn.FindBlob(ns.Slot, name) is { } blob && blob.IsLive(txn.Now) ? CountResult.WrongType : CountResult.Of(0);
            return;
        }
        long deleted = 0;
        var count = row.Count;
        foreach (var key in keys)
        {
            if (txn.FindEntry(row.Id, key.Span) is not { } entry)
                continue;
            txn.DeleteEntry(entry.Id);
            count--;
            deleted += entry.IsLive(txn.Now) ? 1 : 0;
        }
        if (count != row.Count)
            txn.UpdateNamespace(row with { Count = count });
        Result = CountResult.Of(deleted);
    }
}
