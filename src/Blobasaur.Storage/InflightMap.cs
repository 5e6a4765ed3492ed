namespace Blobasaur.Storage;

internal sealed record InflightEntry(byte[] Value, long? ExpiresAtMs, long QueuedAtMs, long Sequence)
{
    public bool IsLive(long now) => ExpiresAtMs is not { } at || at > now;
}

// async_write: the newest queued-but-uncommitted value of each plain key of one shard, so that every read sees a
// write as soon as it was acknowledged. An entry leaves only when the batch holding its write has committed (or
// failed); a later write of the same key replaces it and keeps it alive until that later write commits.
// Only blind SET/MSET go through here: every other write is decided by the writer and acknowledged after its
// commit, so no tombstones are needed.
internal sealed class InflightMap
{
    private readonly Dictionary<byte[], InflightEntry> _entries = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], InflightEntry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private long _sequence;
    private long _bytes;

    public InflightMap() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count
    {
        get
        {
            lock (_entries)
                return _entries.Count;
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Called in queue order (under the shard's enqueue lock); returns the entry to remove later.</summary>
    public InflightEntry Put(byte[] key, byte[] value, long? expiresAtMs, long now)
    {
        lock (_entries)
        {
            var entry = new InflightEntry(value, expiresAtMs, now, ++_sequence);
            if (_entries.TryGetValue(key, out var previous))
                _bytes -= previous.Value.Length + key.Length;
            _entries[key] = entry;
            _bytes += value.Length + key.Length;
            return entry;
        }
    }

    public bool TryGet(ReadOnlySpan<byte> key, out InflightEntry entry)
    {
        lock (_entries)
            return _bySpan.TryGetValue(key, out entry!);
    }

    /// <summary>A copy of the current keys and entries (SCAN, KEYS, RANDOMKEY see acknowledged async writes too).</summary>
    public List<KeyValuePair<byte[], InflightEntry>> Snapshot()
    {
        lock (_entries)
            return [.. _entries];
    }

    /// <summary>Removes the entry only if no newer write of the key replaced it.</summary>
    public void Remove(byte[] key, InflightEntry entry)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(key);
                _bytes -= entry.Value.Length + key.Length;
            }
        }
    }
}
