using Blobasaur.Storage;
using Microsoft.Data.Sqlite;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

// Raw values over ChunkStore.Threshold live in blob_chunks rows; every read and write path must see the same bytes, and
// no path may leave chunks behind.
public sealed class ChunkedValueTests
{
    private static readonly byte[] Big = MakeValue(3 * 1024 * 1024 + 12345);

    private static byte[] MakeValue(int length)
    {
        var value = new byte[length];
        new Random(7).NextBytes(value);
        return value;
    }

    private static long ChunkRows(TempStore temp)
    {
        long rows = 0;
        foreach (var file in Directory.GetFiles(temp.Config.DataDir, "shard_*.db"))
        {
            using var db = new SqliteConnection($"Data Source={file};Pooling=False");
            db.Open();
            using var count = new SqliteCommand("SELECT count(*) FROM blob_chunks", db);
            rows += (long)count.ExecuteScalar()!;
        }

        return rows;
    }

    [Fact]
    public async Task A_large_value_reads_back_whole_and_by_range_and_reports_its_size()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        (await store.SetAsync(B("big"), Big, SetOptions.Default)).Dispose();
        Assert.Equal((Big.Length + ChunkStore.ChunkSize - 1) / ChunkStore.ChunkSize, ChunkRows(temp));

        Assert.Equal(Big, await store.GetBytesAsync(B("big")));
        using (var range = await store.GetRangeAsync(B("big"), 1_500_000, 1_500_000 + 4095))
            Assert.Equal(Big.AsSpan(1_500_000, 4096).ToArray(), range.Value!.ToArray());
        using (var tail = await store.GetRangeAsync(B("big"), -10, -1))
            Assert.Equal(Big.AsSpan(Big.Length - 10).ToArray(), tail.Value!.ToArray());
        Assert.Equal(Big.Length, (await store.StrLenAsync(B("big"))).Count);
        var meta = (await store.MetaAsync(B("big"))).Meta!;
        Assert.Equal((0, (long)Big.Length, (long)Big.Length), (meta.Codec, meta.Size, meta.StoredSize));

        store = await temp.ReopenAsync();
        Assert.Equal(Big, await store.GetBytesAsync(B("big")));
    }

    [Fact]
    public async Task Overwriting_deleting_and_flushing_a_large_value_leave_no_chunks_behind()
    {
        await using var temp = new TempStore(shards: 1);
        var store = temp.Open();
        (await store.SetAsync(B("a"), Big, SetOptions.Default)).Dispose();
        (await store.SetAsync(B("a"), MakeValue(2 * 1024 * 1024), SetOptions.Default)).Dispose();  // chunked over chunked
        (await store.SetAsync(B("a"), B("small"), SetOptions.Default)).Dispose();
        Assert.Equal("small", await store.GetStringAsync("a"));
        (await store.SetAsync(B("b"), Big, SetOptions.Default)).Dispose();
        Assert.Equal(1, await store.DeleteAsync([B("b")]));
        (await store.SetAsync(B("c"), Big, SetOptions.Default)).Dispose();
        await store.FlushAllAsync();

        Assert.Equal(0, ChunkRows(temp));
    }

    [Fact]
    public async Task Append_setrange_and_getdel_work_on_a_large_value()
    {
        await using var temp = new TempStore();
        var store = temp.Open();
        (await store.SetAsync(B("v"), Big, SetOptions.Default)).Dispose();

        Assert.Equal(Big.Length + 3, (await store.AppendAsync(B("v"), B("xyz"))).Count);
        Assert.Equal(Big.Length + 3, (await store.SetRangeAsync(B("v"), 10, B("HELLO"))).Count);
        var expected = Big.Concat("xyz"u8.ToArray()).ToArray();
        "HELLO"u8.CopyTo(expected.AsSpan(10));
        using var removed = await store.GetDelAsync(B("v"));
        Assert.Equal(expected, removed.Value!.ToArray());
        Assert.Null(await store.GetBytesAsync(B("v")));
    }
}
