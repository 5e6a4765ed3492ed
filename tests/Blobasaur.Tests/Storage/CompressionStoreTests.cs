using Blobasaur.Config;
using Blobasaur.Storage;
using Blobasaur.Tests.Compression;
using Microsoft.Data.Sqlite;
using static Blobasaur.Tests.Storage.TempStore;

namespace Blobasaur.Tests.Storage;

public sealed class CompressionStoreTests
{
    private static readonly byte[] _text = TestData.Text(8 * 1024);
    private static readonly byte[] _random = TestData.Random(8 * 1024);

    private static TempStore Compressed(CompressionAlgorithm algorithm, bool asyncWrite = false)
    {
        var temp = new TempStore(asyncWrite, shards: 2);
        temp.Config = temp.Config with { StorageCompression = new CompressionSection { Enabled = true, Algorithm = algorithm } };
        return temp;
    }

    private static void Switch(TempStore temp, CompressionAlgorithm algorithm, bool enabled = true) =>
        temp.Config = temp.Config with { StorageCompression = new CompressionSection { Enabled = enabled, Algorithm = algorithm } };

    [Fact]
    public async Task Entries_written_by_HSETEX_are_compressed_and_read_back_by_HGETEX_and_HSCAN()
    {
        await using var temp = Compressed(CompressionAlgorithm.Zstd);
        var store = temp.Open();
        var options = new FieldSetOptions(SetCondition.None, TtlChange.None, KeepTtl: false, ExpiresAtMs: 0);
        Assert.Equal(1, (await store.HSetExAsync(B("ns"), [(B("doc"), (ReadOnlyMemory<byte>)_text)], options)).Count);
        Assert.Equal("zstd", Codec((await store.MetaAsync(B("ns"), B("doc"))).Meta!));

        using (var got = await store.HGetExAsync(B("ns"), TtlChange.None, 0, [B("doc")]))
            Assert.Equal(_text, got.Values[0]!.ToArray());
        var scanned = await store.HScanAsync(B("ns"), 0, null, 10, values: true);
        Assert.Equal(_text, scanned.Entries.Single().Value);
    }

    [Fact]
    public async Task Data_written_with_zstd_reads_back_after_switching_to_lz4_and_to_none()
    {
        await using var temp = Compressed(CompressionAlgorithm.Zstd);
        var store = temp.Open();
        (await store.SetAsync(B("doc"), _text, SetOptions.Default)).Dispose();
        await store.HSetAsync(B("ns"), [(B("a"), (ReadOnlyMemory<byte>)_text), (B("b"), B("short"))]);
        Assert.Equal("zstd", Codec((await store.MetaAsync(B("doc"))).Meta!));

        foreach (var (algorithm, enabled) in new[] { (CompressionAlgorithm.Lz4, true), (CompressionAlgorithm.None, false) })
        {
            Switch(temp, algorithm, enabled);
            store = await temp.ReopenAsync();
            Assert.Equal(_text, await store.GetBytesAsync(B("doc")));
            using (var entry = await store.HGetAsync(B("ns"), B("a")))
                Assert.Equal(_text, entry.Value!.ToArray());
            var all = await store.HGetAllAsync(B("ns"));
            Assert.Equal(_text, all.Entries.Single(e => e.Key.SequenceEqual(B("a").ToArray())).Value);
            Assert.Equal(_text.Length, (await store.StrLenAsync(B("doc"))).Count);
            Assert.Equal(_text.Length, (await store.HStrLenAsync(B("ns"), B("a"))).Count);
        }

        // A new write now goes with the new setting (none), next to the old zstd row.
        (await store.SetAsync(B("doc2"), _text, SetOptions.Default)).Dispose();
        Assert.Equal("none", Codec((await store.MetaAsync(B("doc2"))).Meta!));
        Assert.Equal("zstd", Codec((await store.MetaAsync(B("doc"))).Meta!));
    }

    [Theory]
    [InlineData(CompressionAlgorithm.Gzip)]
    [InlineData(CompressionAlgorithm.Zstd)]
    [InlineData(CompressionAlgorithm.Lz4)]
    [InlineData(CompressionAlgorithm.Brotli)]
    public async Task Incompressible_and_small_values_are_stored_raw_and_STRLEN_reports_the_original_length(CompressionAlgorithm algorithm)
    {
        await using var temp = Compressed(algorithm);
        var store = temp.Open();
        (await store.SetAsync(B("random"), _random, SetOptions.Default)).Dispose();
        (await store.SetAsync(B("small"), TestData.Text(63), SetOptions.Default)).Dispose();
        (await store.SetAsync(B("text"), _text, SetOptions.Default)).Dispose();

        var random = (await store.MetaAsync(B("random"))).Meta!;
        Assert.Equal((0, _random.Length, _random.Length), (random.Codec, random.StoredSize, random.Size));
        Assert.Equal(0, (await store.MetaAsync(B("small"))).Meta!.Codec);
        var text = (await store.MetaAsync(B("text"))).Meta!;
        Assert.Equal((int)algorithm, text.Codec);
        Assert.True(text.StoredSize < text.Size / 2, $"{text.StoredSize} of {text.Size}");
        Assert.Equal(_text.Length, (await store.StrLenAsync(B("text"))).Count);
        Assert.Equal(_text, await store.GetBytesAsync(B("text")));
        Assert.Equal(_random, await store.GetBytesAsync(B("random")));
        Assert.Equal((1L, 1L), (store.CompressedValues, store.RawValues)); // "small" never reached the codec
    }

    [Fact]
    public async Task A_corrupted_row_gives_a_corruption_error_and_other_keys_still_read()
    {
        await using var temp = Compressed(CompressionAlgorithm.Zstd);
        var store = temp.Open();
        (await store.SetAsync(B("bad"), _text, SetOptions.Default)).Dispose();
        (await store.SetAsync(B("good"), _text, SetOptions.Default)).Dispose();
        await store.HSetAsync(B("ns"), [(B("bad"), (ReadOnlyMemory<byte>)_text)]);
        await store.DisposeAsync();

        Assert.Equal(1, FlipBytes(temp.Config.DataDir, "blobs", "bad"));
        Assert.Equal(1, FlipBytes(temp.Config.DataDir, "entries", "bad"));
        store = temp.Open();

        var ex = await Assert.ThrowsAsync<StoredValueException>(async () => await store.GetAsync(B("bad")));
        Assert.Equal((StoredValueProblem.Corrupt, "zstd"), (ex.Problem, ex.Codec));
        Assert.Equal("stored value is corrupt (codec zstd)", ex.Message);
        await Assert.ThrowsAsync<StoredValueException>(async () => await store.HGetAsync(B("ns"), B("bad")));
        await Assert.ThrowsAsync<StoredValueException>(async () => await store.HGetAllAsync(B("ns")));
        Assert.Equal(3, store.UnreadableValues);

        Assert.Equal(_text, await store.GetBytesAsync(B("good")));
        Assert.Equal(_text.Length, (await store.StrLenAsync(B("bad"))).Count); // STRLEN never decompresses
        (await store.SetAsync(B("bad"), B("fixed"), SetOptions.Default)).Dispose(); // and the key can be overwritten
        Assert.Equal("fixed", await store.GetStringAsync("bad"));
    }

    [Fact]
    public async Task GETDEL_and_SET_GET_return_the_original_bytes_of_a_compressed_value()
    {
        await using var temp = Compressed(CompressionAlgorithm.Lz4);
        var store = temp.Open();
        (await store.SetAsync(B("k"), _text, SetOptions.Default)).Dispose();

        using (var old = await store.SetAsync(B("k"), _text.AsMemory(1), new SetOptions(ReturnOld: true)))
            Assert.Equal(_text, old.OldValue!.ToArray());
        using (var gone = await store.GetDelAsync(B("k")))
            Assert.Equal(_text.AsSpan(1).ToArray(), gone.Value!.ToArray());
        Assert.Null(await store.GetBytesAsync(B("k")));
    }

    [Fact]
    public async Task MSET_and_cross_shard_MSETNX_compress_every_value()
    {
        await using var temp = Compressed(CompressionAlgorithm.Brotli);
        var store = temp.Open();
        var keys = Enumerable.Range(0, 16).Select(i => B($"m{i}")).ToList();
        Assert.True(await store.MSetAsync([.. keys.Select(k => KeyValuePair.Create(k, (ReadOnlyMemory<byte>)_text))], onlyIfNoneExist: true));

        foreach (var key in keys)
        {
            Assert.Equal(4, (await store.MetaAsync(key)).Meta!.Codec);
            Assert.Equal(_text, await store.GetBytesAsync(key));
        }
    }

    [Fact]
    public async Task Async_writes_are_read_uncompressed_while_pending_and_compressed_once_committed()
    {
        await using var temp = Compressed(CompressionAlgorithm.Zstd, asyncWrite: true);
        var store = temp.Open();
        (await store.SetAsync(B("a"), _text, SetOptions.Default)).Dispose();
        await store.MSetAsync([KeyValuePair.Create(B("b"), (ReadOnlyMemory<byte>)_text)], onlyIfNoneExist: false);
        Assert.Equal(_text, await store.GetBytesAsync(B("a")));
        Assert.Equal(_text.Length, (await store.StrLenAsync(B("b"))).Count);

        store = await temp.ReopenAsync();
        Assert.Equal("zstd", Codec((await store.MetaAsync(B("a"))).Meta!));
        Assert.Equal(_text, await store.GetBytesAsync(B("a")));
        Assert.Equal(_text, await store.GetBytesAsync(B("b")));
    }

    private static string Codec(BlobMeta meta) => meta.Codec switch { 0 => "none", 2 => "zstd", 3 => "lz4", _ => meta.Codec.ToString() };

    // Flips every byte of the middle third of a compressed value, with the store closed; returns the rows changed.
    internal static int FlipBytes(string dataDir, string table, string key)
    {
        var changed = 0;
        foreach (var file in Directory.GetFiles(dataDir, "shard_*.db"))
        {
            using var db = new SqliteConnection($"Data Source={file};Pooling=False");
            db.Open();
            using var read = db.CreateCommand();
            read.CommandText = $"SELECT id, value FROM {table} WHERE key = $k AND codec <> 0";
            read.Parameters.AddWithValue("$k", B(key).ToArray());
            var rows = new List<(long Id, byte[] Value)>();
            using (var reader = read.ExecuteReader())
                while (reader.Read())
                    rows.Add((reader.GetInt64(0), (byte[])reader[1]));
            foreach (var (id, value) in rows)
            {
                for (var i = value.Length / 3; i < 2 * value.Length / 3; i++)
                    value[i] ^= 0x5A;
                using var write = db.CreateCommand();
                write.CommandText = $"UPDATE {table} SET value = $v WHERE id = $id";
                write.Parameters.AddWithValue("$v", value);
                write.Parameters.AddWithValue("$id", id);
                changed += write.ExecuteNonQuery();
            }
        }
        return changed;
    }
}
