using BenchmarkDotNet.Attributes;
using Blobasaur.Hashing;

namespace Blobasaur.Benchmarks;

// CRC16 slot and ring lookups: both run on every request before it reaches a shard.
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private readonly byte[] _key = "user:1000:profile"u8.ToArray();
    private readonly byte[] _tagged = "{user1000}:profile"u8.ToArray();
    private ShardRing _ring = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (Crc16.Compute("123456789"u8) != 0x31C3 || HashSlot.Of("{user1}a"u8) != 8106)
            throw new InvalidOperationException("CRC16/slot check values do not match");
        _ring = new ShardRing(8);
        if (_ring.ShardForKey(_key) != _ring.ShardForSlot(HashSlot.Of(_key)))
            throw new InvalidOperationException("ring lookup disagrees with the slot table");
    }

    [Benchmark]
    public int Slot() => HashSlot.Of(_key);

    [Benchmark]
    public int SlotWithHashTag() => HashSlot.Of(_tagged);

    [Benchmark]
    public int RingLookup() => _ring.ShardForKey(_key);

    [Benchmark]
    public ShardRing BuildRing() => new(8);
}
