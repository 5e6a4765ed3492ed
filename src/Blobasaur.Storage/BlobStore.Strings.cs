namespace Blobasaur.Storage;

// Plain blobs: GET, SET, GETDEL, MSET/MSETNX, STRLEN (https://redis.io/docs/latest/commands/?group=string).
public sealed partial class BlobStore
{
    public ValueTask<GetResult> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var now = NowMs();
        if (shard.Inflight is { } inflight && inflight.TryGet(key.Span, out var pending))
            return ValueTask.FromResult(pending.IsLive(now) ? GetResult.Found(BlobValue.Copy(pending.Value)) : GetResult.NotFound);
        return shard.ReadAsync((slot, key, now), static (c, s) =>
            c.GetBlob(s.slot, s.key.Span, s.now) is { } value ? GetResult.Found(value)
            : c.Namespace(s.slot, s.key.Span, s.now) is null ? GetResult.NotFound
            : GetResult.WrongType, cancellationToken);
    }

    public async ValueTask<SetResult> SetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, SetOptions options,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        if (IsAsyncWrite && options.IsBlind)
        {
            await EnqueueBlindAsync(shard, [BlindItem(slot, key, value, options.ExpiresAtMs)], cancellationToken).ConfigureAwait(false);
            return SetResult.Ok;
        }
        var result = await shard.WriteAsync(new SetOp(new SlotKey(slot, key), _compression.Encode(value), options), cancellationToken)
            .ConfigureAwait(false);
        return result.OldValue is { } old ? result with { OldValue = _compression.Decode(old) } : result;
    }

    public async ValueTask<GetResult> GetDelAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var result = await shard.WriteAsync(new GetDelOp(new SlotKey(slot, key)), cancellationToken).ConfigureAwait(false);
        return result.Value is { } stored ? result with { Value = _compression.Decode(stored) } : result;
    }

    /// <summary>
    /// MSET (onlyIfNoneExist false, always true) or MSETNX (true when all were written, false when none was).
    /// Atomic per shard; across shards MSETNX is all-or-nothing against other writes (see docs/storage.md).
    /// </summary>
    public async ValueTask<bool> MSetAsync(IReadOnlyList<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>> pairs,
        bool onlyIfNoneExist, CancellationToken cancellationToken = default)
    {
        var byShard = new Dictionary<Shard, List<(int Slot, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)>>();
        foreach (var (key, value) in pairs)
        {
            var (shard, slot) = Route(key.Span);
            if (!byShard.TryGetValue(shard, out var list))
                byShard[shard] = list = [];
            list.Add((slot, key, value));
        }

        if (IsAsyncWrite && !onlyIfNoneExist)
        {
            // Every shard's admission is taken before awaiting any, so later writes of this caller cannot overtake.
            var admissions = byShard.Select(g => EnqueueBlindAsync(g.Key,
                g.Value.Select(i => BlindItem(i.Slot, i.Key, i.Value, null)).ToList(), cancellationToken).AsTask()).ToList();
            await Task.WhenAll(admissions).ConfigureAwait(false);
            return true;
        }
        var groups = byShard.ToDictionary(g => g.Key,
            g => g.Value.Select(i => new SlotKeyValue(i.Slot, i.Key, _compression.Encode(i.Value))).ToList());
        if (onlyIfNoneExist && groups.Count > 1)
            return await MSetNxAcrossShardsAsync(groups, cancellationToken).ConfigureAwait(false);

        var tasks = groups.Select(g => g.Key.WriteAsync(new MSetOp(g.Value, onlyIfNoneExist), cancellationToken).AsTask()).ToArray();
        var written = await Task.WhenAll(tasks).ConfigureAwait(false);
        return written.All(w => w);
    }

    // Two-phase MSETNX: each shard's writer checks its keys inside an open transaction and holds it until every
    // shard has voted; then all write or none does. One cross-shard MSETNX at a time, so two of them can never wait
    // on each other's shards.
    private async Task<bool> MSetNxAcrossShardsAsync(Dictionary<Shard, List<SlotKeyValue>> groups, CancellationToken cancellationToken)
    {
        await _crossShard.WaitAsync(cancellationToken).ConfigureAwait(false);
        var parts = new List<MSetNxPart>();
        var write = false;
        try
        {
            foreach (var (shard, items) in groups.OrderBy(g => g.Key.Index))
            {
                var part = new MSetNxPart(items);
                await shard.Writer.EnqueueAsync(part, CancellationToken.None).ConfigureAwait(false);
                parts.Add(part);
            }
            var anyExists = false;
            foreach (var part in parts)
                anyExists |= await part.Vote.ConfigureAwait(false);
            write = !anyExists;
        }
        finally
        {
            foreach (var part in parts)
                part.Decide(write);
            _crossShard.Release();
        }
        var committed = await Task.WhenAll(parts.Select(p => p.Task)).ConfigureAwait(false);
        return committed.All(c => c);
    }

    // Budget and queue admission happen inside the writer's ordered admission (ShardWriter.EnqueueBlindAsync).
    private ValueTask EnqueueBlindAsync(Shard shard, IReadOnlyList<(int, byte[], byte[], EncodedValue, long?)> items,
        CancellationToken cancellationToken) =>
        shard.Writer.EnqueueBlindAsync(new BlindSetOp(shard.Inflight!, _budget, items), _budget, NowMs, cancellationToken);

    // An async write's own copy of the caller's key and value (the caller may reuse its buffers once the call returns),
    // with the value encoded for the row; a raw value's row bytes are that same copy.
    private (int, byte[], byte[], EncodedValue, long?) BlindItem(int slot, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value,
        long? expiresAtMs)
    {
        var copy = value.ToArray();
        return (slot, key.ToArray(), copy, _compression.Encode(copy), expiresAtMs);
    }

    /// <summary>STRLEN: the value's length (0 when missing), or WrongType for a namespace.</summary>
    public ValueTask<CountResult> StrLenAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var now = NowMs();
        if (shard.Inflight is { } inflight && inflight.TryGet(key.Span, out var pending))
            return ValueTask.FromResult(CountResult.Of(pending.IsLive(now) ? pending.Value.Length : 0));
        return shard.ReadAsync((slot, key, now), static (c, s) =>
            c.BlobMeta(s.slot, s.key.Span, s.now) is { } meta ? CountResult.Of(meta.Size)
            : c.Namespace(s.slot, s.key.Span, s.now) is null ? CountResult.Of(0)
            : CountResult.WrongType, cancellationToken);
    }
}
