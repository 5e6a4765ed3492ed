using System.Text;
using Blobasaur.Storage;

namespace Blobasaur.Tests.Storage;

// Regression: an async SET could be committed and settled by the shard writer between its TryWrite and its Publish;
// the late Publish then left an inflight entry nobody removed, and reads kept returning that value after a DEL (seen
// as a rare AsyncWriteTests failure in CI).
public sealed class BlindSetOpTests
{
    private static BlindSetOp Op(InflightMap map, string key, string value) => new(map, new ByteBudget(1 << 20),
        [(0, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), EncodedValue.Raw(Encoding.UTF8.GetBytes(value)), null)]);

    [Fact]
    public void A_publish_after_the_op_was_settled_leaves_nothing_in_the_inflight_map()
    {
        var map = new InflightMap();
        var op = Op(map, "k", "v");

        op.Settle();
        op.Publish(now: 0);

        Assert.Equal(0, map.Count);
        Assert.False(map.TryGet("k"u8, out _));
    }

    [Fact]
    public void Publish_then_settle_adds_and_then_removes_the_entry()
    {
        var map = new InflightMap();
        var op = Op(map, "k", "v");

        op.Publish(now: 0);
        Assert.True(map.TryGet("k"u8, out var entry));
        Assert.Equal("v"u8.ToArray(), entry.Value);
        op.Settle();

        Assert.Equal(0, map.Count);
    }
}
