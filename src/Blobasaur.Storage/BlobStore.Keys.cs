namespace Blobasaur.Storage;

// Commands on any name, blob or namespace: DEL/UNLINK, EXISTS, TYPE, FLUSHALL, BLOBASAUR.META.
public sealed partial class BlobStore
{
    /// <summary>DEL/UNLINK: how many of the names existed. A namespace counts as one and goes with all its entries.</summary>
    public async ValueTask<long> DeleteAsync(IReadOnlyList<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        var groups = new Dictionary<Shard, List<SlotKey>>();
        foreach (var key in keys)
        {
            var (shard, slot) = Route(key.Span);
            if (!groups.TryGetValue(shard, out var list))
                groups[shard] = list = [];
            list.Add(new SlotKey(slot, key));
        }
        var counts = await Task.WhenAll(groups.Select(g => g.Key.WriteAsync(new DeleteOp(g.Value), cancellationToken).AsTask()))
            .ConfigureAwait(false);
        return counts.Sum();
    }

    /// <summary>EXISTS: counts every argument that names something, repeats included (as Redis does).</summary>
    public async ValueTask<long> ExistsAsync(IReadOnlyList<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        long found = 0;
        foreach (var key in keys)
            found += await TypeAsync(key, cancellationToken).ConfigureAwait(false) == KeyType.None ? 0 : 1;
        return found;
    }

    public ValueTask<KeyType> TypeAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var now = NowMs();
        if (shard.Inflight is { } inflight && inflight.TryGet(key.Span, out var pending))
            return ValueTask.FromResult(pending.IsLive(now) ? KeyType.String : KeyType.None);
        return shard.ReadAsync((slot, key, now), static (c, s) =>
            c.BlobMeta(s.slot, s.key.Span, s.now) is not null ? KeyType.String
            : c.Namespace(s.slot, s.key.Span, s.now) is not null ? KeyType.Hash
            : KeyType.None, cancellationToken);
    }

    /// <summary>FLUSHALL/FLUSHDB: empties every shard; writes queued before it are applied first, then removed.</summary>
    public async ValueTask FlushAllAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(_shards.Select(s => s.WriteAsync(new FlushOp(), cancellationToken).AsTask())).ConfigureAwait(false);
    }

    /// <summary>
    /// BLOBASAUR.META key [namespace-key]: the row's metadata. Without nsKey, a namespace reports Type Hash with its
    /// entry count as Size; with nsKey, key must be a namespace (WrongType for a blob) and the entry is described.
    /// </summary>
    public ValueTask<MetaResult> MetaAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte>? nsKey = null,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var now = NowMs();
        if (shard.Inflight is { } inflight && inflight.TryGet(key.Span, out var pending) && pending.IsLive(now))
        {
            if (nsKey is not null)
                return ValueTask.FromResult(MetaResult.WrongType);
            var length = pending.Value.Length;
            var meta = new BlobMeta(KeyType.String, pending.QueuedAtMs, pending.QueuedAtMs, pending.ExpiresAtMs, 0, 0, length, length);
            return ValueTask.FromResult(new MetaResult(StoreStatus.Found, meta));
        }
        return shard.ReadAsync((slot, key, nsKey, now), static (c, s) => ReadMeta(c, s.slot, s.key.Span, s.nsKey, s.now), cancellationToken);
    }

    private static MetaResult ReadMeta(ReadConnection c, int slot, ReadOnlySpan<byte> key, ReadOnlyMemory<byte>? nsKey, long now)
    {
        if (c.Namespace(slot, key, now) is { } ns)
        {
            if (nsKey is not { } entryKey)
                return new MetaResult(StoreStatus.Found, new BlobMeta(KeyType.Hash, ns.CreatedAt, ns.UpdatedAt, ns.ExpiresAt, ns.Version, 0, ns.Count, ns.Count));
            return c.EntryMeta(ns.Id, entryKey.Span, now) is { } entry ? new MetaResult(StoreStatus.Found, entry) : MetaResult.NotFound;
        }
        var blob = c.BlobMeta(slot, key, now);
        if (blob is null)
            return MetaResult.NotFound;
        return nsKey is null ? new MetaResult(StoreStatus.Found, blob) : MetaResult.WrongType;
    }
}
