using System.Text;
using Blobasaur.Storage;

namespace Blobasaur.Tests.Storage;

public sealed class ScanRangeTests
{
    [Theory]
    [InlineData(0, 3, "Hell")]
    [InlineData(-3, -1, "rld")]
    [InlineData(5, 3, "")]
    [InlineData(-1, -5, "")]
    [InlineData(0, 100, "Hello World")]
    [InlineData(-100, 1, "He")]
    public void Resolve_follows_getrange_index_rules(long start, long end, string expected)
    {
        var (offset, length) = BlobStore.Resolve(start, end, 11);
        Assert.Equal(expected, "Hello World".Substring((int)offset, length));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetRange_reads_the_middle_of_a_large_value(bool asyncWrite)
    {
        await using var temp = new TempStore(asyncWrite);
        var store = temp.Open();
        var value = new byte[3 << 20];
        Random.Shared.NextBytes(value);
        using (await store.SetAsync(TempStore.B("big"), value, SetOptions.Default)) { }

        using var range = await store.GetRangeAsync(TempStore.B("big"), 1_000_000, 1_004_095);

        Assert.Equal(value.AsSpan(1_000_000, 4096).ToArray(), range.Value!.ToArray());
    }

    [Fact]
    public async Task SetRange_patches_in_place_pads_with_zeros_and_keeps_strlen()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        await store.SetStringAsync("k", "Hello World");

        Assert.Equal(11, (await store.SetRangeAsync(TempStore.B("k"), 6, TempStore.B("Redis"))).Count);
        Assert.Equal("Hello Redis", await store.GetStringAsync("k"));
        Assert.Equal(14, (await store.SetRangeAsync(TempStore.B("k"), 12, TempStore.B("!!"))).Count);
        Assert.Equal("Hello Redis\0!!", await store.GetStringAsync("k"));
        Assert.Equal(14, (await store.StrLenAsync(TempStore.B("k"))).Count);
        Assert.Equal(3, (await store.SetRangeAsync(TempStore.B("new"), 2, TempStore.B("x"))).Count);
        Assert.Equal("\0\0x", await store.GetStringAsync("new"));
    }

    [Fact]
    public async Task Append_creates_then_extends_and_refuses_namespaces()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        Assert.Equal(3, (await store.AppendAsync(TempStore.B("a"), TempStore.B("abc"))).Count);
        Assert.Equal(5, (await store.AppendAsync(TempStore.B("a"), TempStore.B("de"))).Count);
        Assert.Equal("abcde", await store.GetStringAsync("a"));
        await store.HSetAsync(TempStore.B("ns"), [(TempStore.B("f"), TempStore.B("v"))]);
        Assert.Equal(StoreStatus.WrongType, (await store.AppendAsync(TempStore.B("ns"), TempStore.B("x"))).Status);
        Assert.Equal(StoreStatus.WrongType, (await store.GetRangeAsync(TempStore.B("ns"), 0, 1)).Status);
        Assert.Equal("", Encoding.UTF8.GetString((await store.GetRangeAsync(TempStore.B("missing"), 0, 1)).Value!.ToArray()));
    }
}
