using System.Text;
using Blobasaur.Hashing;

namespace Blobasaur.Tests.Hashing;

public sealed class Crc16Tests
{
    [Fact]
    public void Check_value_of_123456789_is_0x31C3() => Assert.Equal(0x31C3, Crc16.Compute("123456789"u8));

    [Fact]
    public void Empty_input_is_zero() => Assert.Equal(0, Crc16.Compute([]));

    [Theory]
    [InlineData("k", 7629)]
    [InlineData("{user1}a", 8106)]
    [InlineData("foo{}bar", 14292)]
    [InlineData("foo", 12182)]
    [InlineData("h", 11694)]
    public void Slot_matches_redis(string key, int slot) => Assert.Equal(slot, HashSlot.Of(Encoding.UTF8.GetBytes(key)));

    [Theory]
    [InlineData("{user1}a", "user1")]
    [InlineData("{user1}b{x}", "user1")]
    [InlineData("a{b}c", "b")]
    [InlineData("foo{}bar", "foo{}bar")]
    [InlineData("foo{bar", "foo{bar")]
    [InlineData("foo}bar{", "foo}bar{")]
    [InlineData("{{a}}", "{a")]
    public void Hash_tag_follows_the_first_open_brace(string key, string tag)
    {
        Assert.Equal(tag, Encoding.UTF8.GetString(HashSlot.TagOf(Encoding.UTF8.GetBytes(key))));
        Assert.Equal(HashSlot.Of(Encoding.UTF8.GetBytes(tag)), HashSlot.Of(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void Slots_stay_in_range_for_binary_keys()
    {
        var random = new Random(7);
        var key = new byte[37];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(key);
            Assert.InRange(HashSlot.Of(key), 0, HashSlot.Count - 1);
        }
    }
}
