using Blobasaur.Hashing;

namespace Blobasaur.Storage;

// Per-slot views of the keyspace for cluster mode (CLUSTER COUNTKEYSINSLOT, GETKEYSINSLOT, and the emptiness check of
// FLUSHSLOTS / RESET). Every row carries its hash slot and a slot lives in exactly one shard (ShardRing.ShardForSlot, the same
// rule every read and write follows), so one shard answers for a slot: a row of that slot found in any other shard would be
// invisible to GET too, and must not be reported. As SCAN does, acknowledged async_write values not committed yet are taken
// from the inflight map, snapshotted before the SQL read (a value leaves the map only after its commit, so it is in the
// snapshot or visible to the read); unlike SCAN, a name is never reported twice.
public sealed partial class BlobStore
{
    /// <summary>The number of live names (plain keys and namespaces) in the slot.</summary>
    public ValueTask<long> CountKeysInSlotAsync(int slot, CancellationToken cancellationToken = default)
    {
        var (shard, now, pending) = SlotRead(slot);
        // One read transaction: a pending key that commits between the count and its own check would be missed otherwise.
        return shard.ReadAsync((slot, now, pending), static (c, s) => c.InSnapshot(c =>
            c.CountSlotKeys(s.slot, s.now) + s.pending.Count(k => !c.HasLiveName(s.slot, k, s.now))), cancellationToken);
    }

    /// <summary>Up to count live names of the slot, in byte order (Redis gives its own hash order; any order is allowed).</summary>
    public ValueTask<IReadOnlyList<byte[]>> GetKeysInSlotAsync(int slot, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (shard, now, pending) = SlotRead(slot);
        return shard.ReadAsync<(int, long, int, List<byte[]>), IReadOnlyList<byte[]>>((slot, now, count, pending), static (c, s) =>
        {
            var (slot, now, count, pending) = s;
            var keys = new List<byte[]>();
            c.SlotKeys(slot, now, count, keys);
            var unique = new HashSet<byte[]>(keys, ByteKeyComparer.Instance);
            keys.AddRange(pending.Where(unique.Add));
            keys.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
            return keys.Count > count ? keys.GetRange(0, count) : keys;
        }, cancellationToken);
    }

    /// <summary>
    /// No live key, committed or queued (FLUSHSLOTS and CLUSTER RESET require an empty node). The writers' counters answer
    /// at once when they are zero; otherwise keys that expired but were not swept yet do not count, so each shard is asked.
    /// </summary>
    public async ValueTask<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var now = NowMs();
        if (_shards.Any(s => s.Inflight is { } inflight && inflight.Snapshot().Any(e => e.Value.IsLive(now))))
            return false;
        if (CountKeys() == 0)
            return true;
        foreach (var shard in _shards)
        {
            if (shard.KeyCount == 0)
                continue;
            if (await shard.ReadAsync(now, static (c, now) => c.HasAnyLiveKey(now), cancellationToken).ConfigureAwait(false))
                return false;
        }
        return true;
    }

    private (Shard Shard, long Now, List<byte[]> Pending) SlotRead(int slot)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, HashSlot.Count);
        var shard = _shards[_ring.ShardForSlot(slot)];
        var now = NowMs();
        var pending = new List<byte[]>();
        if (shard.Inflight is { } inflight)
            foreach (var (key, entry) in inflight.Snapshot())
                if (entry.IsLive(now) && HashSlot.Of(key) == slot)
                    pending.Add(key);
        return (shard, now, pending);
    }
}
