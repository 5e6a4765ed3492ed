namespace Blobasaur.Storage;

// Namespaces, spoken to as Redis hashes (https://redis.io/docs/latest/commands/?group=hash). A namespace exists
// while it has entries. Every call answers WrongType when the name holds a plain blob.
public sealed partial class BlobStore
{
    /// <summary>HSET/HMSET (onlyIfMissing false) or HSETNX (true): how many entries were new.</summary>
    public async ValueTask<CountResult> HSetAsync(ReadOnlyMemory<byte> ns,
        IReadOnlyList<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> pairs, bool onlyIfMissing = false,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        var encoded = pairs.Select(p => (p.Key, _compression.Encode(p.Value))).ToList(); // compressed here, not in the writer
        return await shard.WriteAsync(new HSetOp(new SlotKey(slot, ns), encoded, onlyIfMissing), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<CountResult> HDelAsync(ReadOnlyMemory<byte> ns, IReadOnlyList<ReadOnlyMemory<byte>> keys,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        return await shard.WriteAsync(new HDelOp(new SlotKey(slot, ns), keys), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<GetResult> HGetAsync(ReadOnlyMemory<byte> ns, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var values = await HMGetAsync(ns, [key], cancellationToken).ConfigureAwait(false);
        return values.Status == StoreStatus.WrongType ? GetResult.WrongType
            : values.Values[0] is { } value ? GetResult.Found(value)
            : GetResult.NotFound;
    }

    /// <summary>HMGET: one slot per key, null where the entry is missing. Dispose the result to return the buffers.</summary>
    public ValueTask<MultiGetResult> HMGetAsync(ReadOnlyMemory<byte> ns, IReadOnlyList<ReadOnlyMemory<byte>> keys,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        var now = NowMs();
        if (IsPendingBlob(shard, ns.Span, now))
            return ValueTask.FromResult(new MultiGetResult(StoreStatus.WrongType, []));
        return shard.ReadAsync((slot, ns, keys, now), static (c, s) =>
        {
            var values = new BlobValue?[s.keys.Count];
            if (c.Namespace(s.slot, s.ns.Span, s.now) is not { } info)
                return IsBlob(c, s.slot, s.ns.Span, s.now) ? new MultiGetResult(StoreStatus.WrongType, []) : new MultiGetResult(StoreStatus.Ok, values);
            for (var i = 0; i < values.Length; i++)
                values[i] = c.GetEntry(info.Id, s.keys[i].Span, s.now);
            return new MultiGetResult(StoreStatus.Ok, values);
        }, cancellationToken);
    }

    public async ValueTask<CountResult> HExistsAsync(ReadOnlyMemory<byte> ns, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var meta = await HMetaAsync(ns, key, cancellationToken).ConfigureAwait(false);
        return meta.Status == StoreStatus.WrongType ? CountResult.WrongType : CountResult.Of(meta.Meta is null ? 0 : 1);
    }

    public async ValueTask<CountResult> HStrLenAsync(ReadOnlyMemory<byte> ns, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var meta = await HMetaAsync(ns, key, cancellationToken).ConfigureAwait(false);
        return meta.Status == StoreStatus.WrongType ? CountResult.WrongType : CountResult.Of(meta.Meta?.Size ?? 0);
    }

    /// <summary>HLEN: the namespace's entry count (kept in its row, no scan).</summary>
    public ValueTask<CountResult> HLenAsync(ReadOnlyMemory<byte> ns, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        var now = NowMs();
        if (IsPendingBlob(shard, ns.Span, now))
            return ValueTask.FromResult(CountResult.WrongType);
        return shard.ReadAsync((slot, ns, now), static (c, s) =>
            c.Namespace(s.slot, s.ns.Span, s.now) is { } info ? CountResult.Of(info.Count)
            : IsBlob(c, s.slot, s.ns.Span, s.now) ? CountResult.WrongType
            : CountResult.Of(0), cancellationToken);
    }

    public ValueTask<ListResult> HGetAllAsync(ReadOnlyMemory<byte> ns, CancellationToken cancellationToken = default) =>
        ListAsync(ns, keys: true, values: true, cancellationToken);

    public ValueTask<ListResult> HKeysAsync(ReadOnlyMemory<byte> ns, CancellationToken cancellationToken = default) =>
        ListAsync(ns, keys: true, values: false, cancellationToken);

    public ValueTask<ListResult> HValsAsync(ReadOnlyMemory<byte> ns, CancellationToken cancellationToken = default) =>
        ListAsync(ns, keys: false, values: true, cancellationToken);

    // A whole namespace can be large: list it on the thread pool rather than on the caller's thread.
    private async ValueTask<ListResult> ListAsync(ReadOnlyMemory<byte> ns, bool keys, bool values, CancellationToken cancellationToken)
    {
        var (shard, slot) = Route(ns.Span);
        var now = NowMs();
        if (IsPendingBlob(shard, ns.Span, now))
            return ListResult.WrongType;
        var connection = await shard.Reads.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
                connection.Namespace(slot, ns.Span, now) is { } info ? new ListResult(StoreStatus.Ok, connection.ListEntries(info.Id, now, keys, values))
                : IsBlob(connection, slot, ns.Span, now) ? ListResult.WrongType
                : new ListResult(StoreStatus.Ok, []), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            shard.Reads.Return(connection);
        }
    }

    private ValueTask<MetaResult> HMetaAsync(ReadOnlyMemory<byte> ns, ReadOnlyMemory<byte> key, CancellationToken cancellationToken) =>
        MetaAsync(ns, key, cancellationToken);

    private static bool IsPendingBlob(Shard shard, ReadOnlySpan<byte> name, long now) =>
        shard.Inflight is { } inflight && inflight.TryGet(name, out var pending) && pending.IsLive(now);

    private static bool IsBlob(ReadConnection c, int slot, ReadOnlySpan<byte> name, long now) => c.BlobMeta(slot, name, now) is not null;
}

/// <summary>HMGET's answer: Values has one element per requested key (null when missing) unless Status is WrongType.</summary>
public readonly record struct MultiGetResult(StoreStatus Status, IReadOnlyList<BlobValue?> Values) : IDisposable
{
    public void Dispose()
    {
        foreach (var value in Values)
            value?.Dispose();
    }
}
