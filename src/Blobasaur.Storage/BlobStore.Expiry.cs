namespace Blobasaur.Storage;

/// <summary>TTL of a name or entry: Exists false = missing (-2); ExpiresAtMs null = no TTL (-1).</summary>
public readonly record struct TtlResult(StoreStatus Status, bool Exists, long? ExpiresAtMs)
{
    public static TtlResult Missing => new(StoreStatus.Ok, false, null);
}

/// <summary>Per-entry TTLs: -2 missing entry, -1 no TTL, otherwise the absolute expiry in Unix ms.</summary>
public readonly record struct FieldTtlResult(StoreStatus Status, long[] ExpiresAtMs)
{
    public static FieldTtlResult WrongType => new(StoreStatus.WrongType, []);
}

// Expiry (https://redis.io/docs/latest/commands/?group=generic, hexpire/): TTL setters are write ops decided in the writer;
// TTL reads are plain reads (they see async writes through the inflight map). Times are absolute Unix ms, resolved by
// the command layer against the server's TimeProvider. See docs/storage.md "Expiry".
public sealed partial class BlobStore
{
    // Rows deleted per sweep transaction: small enough that a write queued behind a sweep chunk waits ~1 ms.
    internal const int SweepChunkRows = 500;

    private ExpirySweeper? _sweeper;

    /// <summary>Keys (blobs, namespaces) removed because they expired, since open: INFO stats expired_keys.</summary>
    public long ExpiredKeys => _shards.Sum(s => s.Txn.ExpiredKeys);

    /// <summary>EXPIRE family with an absolute time: true when set, or when the key was deleted because the time has passed.</summary>
    public async ValueTask<bool> ExpireAsync(ReadOnlyMemory<byte> key, long whenMs, ExpireCondition condition,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        return await shard.WriteAsync(new ExpireOp(new SlotKey(slot, key), whenMs, condition), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PERSIST: true when a TTL was removed.</summary>
    public async ValueTask<bool> PersistAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        return await shard.WriteAsync(new PersistOp(new SlotKey(slot, key)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETEX: the value of a plain blob, then its TTL changed (whenMs is used with TtlChange.Set).</summary>
    public async ValueTask<GetResult> GetExAsync(ReadOnlyMemory<byte> key, TtlChange change, long whenMs,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        return await shard.WriteAsync(new GetExOp(new SlotKey(slot, key), change, whenMs), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TTL/PTTL/EXPIRETIME of a blob or a namespace.</summary>
    public ValueTask<TtlResult> TtlAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var now = NowMs();
        if (shard.Inflight is { } inflight && inflight.TryGet(key.Span, out var pending))
            return ValueTask.FromResult(pending.IsLive(now) ? new TtlResult(StoreStatus.Ok, true, pending.ExpiresAtMs) : TtlResult.Missing);
        return shard.ReadAsync((slot, key, now), static (c, s) =>
            c.BlobMeta(s.slot, s.key.Span, s.now) is { } blob ? new TtlResult(StoreStatus.Ok, true, blob.ExpiresAtMs)
            : c.Namespace(s.slot, s.key.Span, s.now) is { } ns ? new TtlResult(StoreStatus.Ok, true, ns.ExpiresAt)
            : TtlResult.Missing, cancellationToken);
    }

    public async ValueTask<FieldCodesResult> HExpireAsync(ReadOnlyMemory<byte> ns, long whenMs, ExpireCondition condition,
        IReadOnlyList<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        return await shard.WriteAsync(new HExpireOp(new SlotKey(slot, ns), whenMs, condition, keys), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<FieldCodesResult> HPersistAsync(ReadOnlyMemory<byte> ns, IReadOnlyList<ReadOnlyMemory<byte>> keys,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        return await shard.WriteAsync(new HPersistOp(new SlotKey(slot, ns), keys), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>HSETEX: Count is 1 when all pairs were written, 0 when FNX/FXX refused them.</summary>
    public async ValueTask<CountResult> HSetExAsync(ReadOnlyMemory<byte> ns,
        IReadOnlyList<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> pairs, FieldSetOptions options,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        var encoded = pairs.Select(p => (p.Key, _compression.Encode(p.Value))).ToList(); // compressed here, not in the writer
        return await shard.WriteAsync(new HSetExOp(new SlotKey(slot, ns), encoded, options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>HGETEX: the values (null where missing), then the entries' TTL changed. Dispose the result.</summary>
    public async ValueTask<MultiGetResult> HGetExAsync(ReadOnlyMemory<byte> ns, TtlChange change, long whenMs,
        IReadOnlyList<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        return await shard.WriteAsync(new HGetExOp(new SlotKey(slot, ns), change, whenMs, keys), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>HTTL family: per entry -2 (missing or expired), -1 (no TTL) or the absolute expiry in Unix ms.</summary>
    public ValueTask<FieldTtlResult> HTtlAsync(ReadOnlyMemory<byte> ns, IReadOnlyList<ReadOnlyMemory<byte>> keys,
        CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(ns.Span);
        var now = NowMs();
        if (IsPendingBlob(shard, ns.Span, now))
            return ValueTask.FromResult(FieldTtlResult.WrongType);
        return shard.ReadAsync((slot, ns, keys, now), static (c, s) =>
        {
            var codes = new long[s.keys.Count];
            Array.Fill(codes, FieldCodesResult.NoSuchField);
            if (c.Namespace(s.slot, s.ns.Span, s.now) is not { } info)
                return IsBlob(c, s.slot, s.ns.Span, s.now) ? FieldTtlResult.WrongType : new FieldTtlResult(StoreStatus.Ok, codes);
            for (var i = 0; i < codes.Length; i++)
            {
                if (c.EntryMeta(info.Id, s.keys[i].Span, s.now) is { } meta)
                    codes[i] = meta.ExpiresAtMs ?? FieldCodesResult.NoTtl;
            }
            return new FieldTtlResult(StoreStatus.Ok, codes);
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes every row that has expired by now, SweepChunkRows per transaction, each chunk queued behind the writes
    /// already waiting, so writes interleave with a big sweep. Returns the rows deleted. The background sweeper calls it
    /// every expiry_sweep_interval_ms; tests call it after advancing a fake clock.
    /// </summary>
    public async Task<long> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        var perShard = await Task.WhenAll(_shards.Select(async shard =>
        {
            long total = 0;
            while (true)
            {
                var rows = await shard.WriteAsync(new SweepExpiredOp(SweepChunkRows), cancellationToken).ConfigureAwait(false);
                total += rows;
                if (rows < SweepChunkRows)
                    return total;
            }
        })).ConfigureAwait(false);
        return perShard.Sum();
    }

    /// <summary>INFO keyspace: live keys with a TTL and their mean remaining ms (exact; O(keys with a TTL), see storage.md).</summary>
    public (long Expires, long AvgTtlMs) KeysWithTtl()
    {
        var now = NowMs();
        long count = 0, sum = 0;
        foreach (var shard in _shards)
        {
            var (c, s) = shard.ReadAsync(now, static (connection, n) => connection.KeysWithTtl(n), CancellationToken.None)
                .AsTask().GetAwaiter().GetResult();
            count += c;
            sum += s;
        }
        return (count, count == 0 ? 0 : sum / count);
    }

    private void StartSweeper(int intervalMs)
    {
        if (intervalMs > 0)
            _sweeper = new ExpirySweeper(this, TimeSpan.FromMilliseconds(intervalMs), _time, _logger);
    }

    private async ValueTask StopSweeperAsync()
    {
        if (_sweeper is { } sweeper)
            await sweeper.DisposeAsync().ConfigureAwait(false);
    }
}
