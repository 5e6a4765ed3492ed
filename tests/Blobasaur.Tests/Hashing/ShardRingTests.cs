using Blobasaur.Hashing;

namespace Blobasaur.Tests.Hashing;

public sealed class ShardRingTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Slots_are_balanced_across_shards(int shards)
    {
        var ring = new ShardRing(shards);
        var counts = new int[shards];
        for (var slot = 0; slot < HashSlot.Count; slot++)
            counts[ring.ShardForSlot(slot)]++;

        // Multi-probe with k = 21 promises a peak-to-mean ratio near 1.05; allow a margin for 16384 discrete slots.
        var mean = (double)HashSlot.Count / shards;
        Assert.All(counts, c => Assert.InRange(c, mean * 0.85, mean * 1.15));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(15)]
    public void Adding_a_shard_moves_about_one_share_and_only_to_the_new_shard(int shards)
    {
        var before = new ShardRing(shards);
        var after = new ShardRing(shards + 1);
        var moved = 0;
        for (var slot = 0; slot < HashSlot.Count; slot++)
        {
            if (before.ShardForSlot(slot) == after.ShardForSlot(slot))
                continue;
            moved++;
            Assert.Equal(shards, after.ShardForSlot(slot));
        }

        var fair = (double)HashSlot.Count / (shards + 1);
        Assert.InRange(moved, fair * 0.75, fair * 1.25);
    }

    [Fact]
    public void Table_is_stable_for_a_given_count()
    {
        var a = new ShardRing(4);
        var b = new ShardRing(4);
        for (var slot = 0; slot < HashSlot.Count; slot++)
            Assert.Equal(a.ShardForSlot(slot), b.ShardForSlot(slot));
    }

    [Fact]
    public void Probe_count_below_21_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new ShardRing(4, probes: 20));

    [Fact]
    public void More_probes_is_allowed() => Assert.Equal(4, new ShardRing(4, probes: 42).ShardCount);
}
