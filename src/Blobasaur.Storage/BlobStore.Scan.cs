using Blobasaur.Hashing;

namespace Blobasaur.Storage;

// Keyspace iteration: SCAN, KEYS, RANDOMKEY, HSCAN (https://redis.io/docs/latest/commands/scan/).
//
// The SCAN cursor is a plain unsigned 64-bit integer: cursor = slot << 50 | position. Slots are visited in order
// 0..16383; inside a slot, rows are visited by position = 2*rowid for a blob and 2*rowid+1 for a namespace.
// Why every name present for the whole scan is returned (docs/storage.md, "SCAN cursor"):
// - a name's slot is a function of the name, and a slot lives in exactly one shard, so no shard layout or shard
//   count enters the cursor;
// - a row keeps its rowid for as long as it exists (updates rewrite the row in place, rowids are INTEGER PRIMARY
//   KEY so VACUUM keeps them), so a present name never moves behind the cursor; names inserted meanwhile may or
//   may not be seen, as in Redis;
// - in async_write mode, acknowledged values not committed yet are taken from the inflight map, snapshotted before
//   any SQL read of the call: a value leaves the map only after its commit, so it is either in the snapshot or
//   already visible to the SQL read that follows.
// No lock or transaction outlives a call. The cost of one call is one indexed query per visited slot.
public sealed partial class BlobStore
{
    public const int ScanPositionBits = 50;
    private const ulong PositionMask = (1UL << ScanPositionBits) - 1;

    /// <summary>SCAN: up to about count names from cursor on; Cursor 0 in the result means the iteration is complete.</summary>
    public async ValueTask<ScanResult> ScanAsync(ulong cursor, ScanFilter filter, int count, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var now = NowMs();
        var pending = PendingBySlot(now);                     // before any SQL read: see the class comment
        var nextOf = new int?[_shards.Length];
        var known = new bool[_shards.Length];
        var keys = new List<byte[]>();
        var slot = (int)(cursor >> ScanPositionBits);
        var position = (long)(cursor & PositionMask);
        var examined = 0;
        var slotBudget = Math.Max(100, count * 10);           // like Redis's "maxiterations": bounds the work per call
        var blobs = filter.Type is null or KeyType.String;
        var namespaces = filter.Type is null or KeyType.Hash;

        for (var visited = 0; ; visited++)
        {
            var limit = count - examined;
            var shard = _shards[_ring.ShardForSlot(slot)];
            var rows = await shard.ReadAsync((slot, position, filter.Bounds, now, limit, blobs, namespaces), static (c, s) =>
                c.ScanSlot(s.slot, s.position, s.Bounds, s.now, s.limit, s.blobs, s.namespaces), cancellationToken).ConfigureAwait(false);
            AddPending(pending, slot, filter, keys);
            if (rows.Count >= limit)
            {
                rows.RemoveRange(limit, rows.Count - limit);
                AddRows(rows, filter, keys);
                return new ScanResult(Encode(slot, rows[^1].Position + 1), keys);
            }
            AddRows(rows, filter, keys);
            examined += rows.Count;

            var next = await NextSlotAsync(slot, nextOf, known, pending, cancellationToken).ConfigureAwait(false);
            if (next is not { } n)
                return new ScanResult(0, keys);
            (slot, position) = (n, 0);
            if (examined >= count || visited + 1 >= slotBudget)
                return new ScanResult(Encode(slot, 0), keys);
        }
    }

    // Rowids come from max(rowid)+1, so 2^49 of them means about 5.6e14 inserts into one shard.
    private static ulong Encode(int slot, long position) => position is >= 0 and <= (long)PositionMask
        ? (ulong)slot << ScanPositionBits | (ulong)position
        : throw new InvalidOperationException($"scan position {position} does not fit the cursor");

    private static void AddRows(List<ScanRow> rows, ScanFilter filter, List<byte[]> keys)
    {
        foreach (var row in rows)
            if (filter.Match is null || filter.Match(row.Key))
                keys.Add(row.Key);
    }

    // The smallest slot after this one that has rows in some shard, or acknowledged-but-uncommitted values.
    // Each shard's answer stays valid until the scan passes it, so one slot step costs one shard's query.
    private async ValueTask<int?> NextSlotAsync(int slot, int?[] nextOf, bool[] known, SortedDictionary<int, List<byte[]>>? pending,
        CancellationToken cancellationToken)
    {
        int? best = null;
        for (var i = 0; i < _shards.Length; i++)
        {
            if (!known[i] || nextOf[i] <= slot)
            {
                nextOf[i] = await _shards[i].ReadAsync(slot, static (c, s) => c.NextSlot(s), cancellationToken).ConfigureAwait(false);
                known[i] = true;
            }
            if (nextOf[i] is { } n && (best is null || n < best))
                best = n;
        }
        if (pending is not null)
            foreach (var p in pending.Keys)
                if (p > slot)
                {
                    best = best is null ? p : Math.Min(best.Value, p);
                    break;
                }
        return best;
    }

    private SortedDictionary<int, List<byte[]>>? PendingBySlot(long now)
    {
        if (!IsAsyncWrite)
            return null;
        var bySlot = new SortedDictionary<int, List<byte[]>>();
        foreach (var shard in _shards)
            foreach (var (key, entry) in shard.Inflight!.Snapshot())
                if (entry.IsLive(now))
                {
                    var slot = HashSlot.Of(key);
                    if (!bySlot.TryGetValue(slot, out var list))
                        bySlot[slot] = list = [];
                    list.Add(key);
                }
        return bySlot;
    }

    // An inflight key may also be committed already: it can then be reported twice, which SCAN allows.
    private static void AddPending(SortedDictionary<int, List<byte[]>>? pending, int slot, ScanFilter filter, List<byte[]> keys)
    {
        if (pending is not null && pending.TryGetValue(slot, out var list))
            foreach (var key in list)
                if (filter.Accepts(key, KeyType.String))
                    keys.Add(key);
    }

    /// <summary>KEYS: every live name passing filter, in no particular order. Reads the whole keyspace (as Redis warns).</summary>
    public async ValueTask<IReadOnlyList<byte[]>> KeysAsync(ScanFilter filter, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var now = NowMs();
        var pending = PendingBySlot(now);
        var found = new HashSet<byte[]>(ByteKeyComparer.Instance);
        var blobs = filter.Type is null or KeyType.String;
        var namespaces = filter.Type is null or KeyType.Hash;
        foreach (var shard in _shards)
        {
            var connection = await shard.Reads.RentAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var keys = new List<byte[]>();
                await Task.Run(() => connection.AllKeys(filter.Bounds, now, blobs, namespaces, keys), cancellationToken).ConfigureAwait(false);
                foreach (var key in keys)
                    if (filter.Match is null || filter.Match(key))
                        found.Add(key);
            }
            finally
            {
                shard.Reads.Return(connection);
            }
        }
        foreach (var key in pending?.Values.SelectMany(k => k) ?? [])
            if (filter.Accepts(key, KeyType.String))
                found.Add(key);
        return [.. found];
    }

    /// <summary>RANDOMKEY: some live name, or null when there is none. Not uniform (like Redis's): a random rowid's successor.</summary>
    public async ValueTask<byte[]?> RandomKeyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var now = NowMs();
        var counts = _shards.Select(s => s.KeyCount).ToArray();
        var total = counts.Sum();
        var pick = total > 0 ? Random.Shared.NextInt64(total) : 0;
        var first = 0;
        while (first < counts.Length - 1 && pick >= counts[first])
            pick -= counts[first++];
        for (var i = 0; i < _shards.Length; i++)
        {
            var shard = _shards[(first + i) % _shards.Length];
            var preferNamespace = Random.Shared.NextInt64(Math.Max(1, shard.KeyCount)) < shard.Txn.NamespaceCount;
            var key = await shard.ReadAsync((now, preferNamespace), static (c, s) => c.RandomKey(Random.Shared, s.now, s.preferNamespace),
                cancellationToken).ConfigureAwait(false);
            if (key is not null)
                return key;
        }
        return PendingBySlot(now)?.Values.SelectMany(k => k).FirstOrDefault();
    }

    /// <summary>
    /// HSCAN: the namespace's entries by rowid from cursor (an entry id; 0 starts), count at a time. Each call reads
    /// the namespace's part of the (ns_id, key) index to pick the next ids, so prefer a large COUNT for big namespaces.
    /// </summary>
    public ValueTask<HashScanResult> HScanAsync(ReadOnlyMemory<byte> ns, ulong cursor, KeyPredicate? match, int count, bool values,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (shard, slot) = Route(ns.Span);
        var now = NowMs();
        if (IsPendingBlob(shard, ns.Span, now))
            return ValueTask.FromResult(HashScanResult.WrongType);
        var from = cursor > long.MaxValue ? long.MaxValue : (long)cursor;
        return shard.ReadAsync((slot, ns, from, count, values, now, match, store: this), static (c, s) =>
        {
            if (c.Namespace(s.slot, s.ns.Span, s.now) is not { } info)
                return IsBlob(c, s.slot, s.ns.Span, s.now) ? HashScanResult.WrongType : new HashScanResult(StoreStatus.Ok, 0, []);
            var rows = c.ScanEntries(info.Id, s.from, s.count, s.values, s.now);
            var next = rows.Count < s.count ? 0UL : (ulong)rows[^1].Id + 1;
            return new HashScanResult(StoreStatus.Ok, next, [.. rows.Where(r => r.Live && (s.match is null || s.match(r.Key))).Select(s.store.ToEntry)]);
        }, cancellationToken);
    }

    // Compressed entries are decoded by their row's codec, as HGETALL does.
    private NamespaceEntry ToEntry(EntryScanRow row) => row.Codec == 0 || row.Value is null
        ? new NamespaceEntry(row.Key, row.Value ?? [])
        : new NamespaceEntry(row.Key, _compression.DecodeToArray(row.Value, row.Codec, row.Size));
}

/// <summary>One HSCAN step (Status Ok or WrongType); Entries' Value is empty for NOVALUES.</summary>
public sealed record HashScanResult(StoreStatus Status, ulong Cursor, IReadOnlyList<NamespaceEntry> Entries)
{
    public static HashScanResult WrongType { get; } = new(StoreStatus.WrongType, 0, []);
}

/// <summary>One SCAN step: Cursor is 0 when the iteration is complete. Keys may repeat across steps (as in Redis).</summary>
public sealed record ScanResult(ulong Cursor, IReadOnlyList<byte[]> Keys);
