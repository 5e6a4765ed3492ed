using Blobasaur.Config;
using Blobasaur.Testing;
using Microsoft.Data.Sqlite;

namespace Blobasaur.IntegrationTests.Data;

// A server with zstd compression at rest; clients see only the original bytes.
public sealed class CompressionTests(CompressionTests.ZstdServer server) : IClassFixture<CompressionTests.ZstdServer>
{
    public sealed class ZstdServer : TestServer
    {
        protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with
        {
            StorageCompression = new CompressionSection { Enabled = true, Algorithm = CompressionAlgorithm.Zstd },
        };
    }

    private static readonly string _json = string.Concat(Enumerable.Range(0, 60).Select(i => $"{{\"id\":{i},\"name\":\"user{i}\"}},"));

    [Fact]
    public async Task A_compressed_value_reads_back_and_META_shows_codec_and_stored_size()
    {
        if (server.IsExternal) return;
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();

        Assert.Equal("+OK", await conn.SendAsync("SET", key, _json));
        Assert.Equal(_json, (await conn.CallAsync("GET", key)).AsString());
        Assert.Equal($":{_json.Length}", await conn.SendAsync("STRLEN", key));
        var meta = (await conn.CallAsync("BLOBASAUR.META", key)).ToString();
        Assert.Contains("zstd", meta);
    }

    [Fact]
    public async Task A_corrupted_row_answers_a_corruption_error_and_the_connection_stays_usable()
    {
        if (server.IsExternal) return;
        await using var conn = await server.ConnectAsync();
        var bad = TestKey.Me() + ":bad";
        var good = TestKey.Me() + ":good";
        Assert.Equal("+OK", await conn.SendAsync("SET", bad, _json));
        Assert.Equal("+OK", await conn.SendAsync("SET", good, _json));

        Assert.Equal(1, Damage(server.DataDir, bad)); // another SQLite connection may write: WAL, and the writer is idle

        Assert.Equal("-ERR stored value is corrupt (codec zstd)", await conn.SendAsync("GET", bad));
        Assert.Equal(_json, (await conn.CallAsync("GET", good)).AsString());
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    private static int Damage(string dataDir, string key)
    {
        var changed = 0;
        foreach (var file in Directory.GetFiles(dataDir, "shard_*.db"))
        {
            using var db = new SqliteConnection($"Data Source={file};Pooling=False");
            db.Open();
            using var cmd = db.CreateCommand();
            // Keep the zstd frame header, replace the rest with zeros of the same length.
            cmd.CommandText = "UPDATE blobs SET value = substr(value, 1, 8) || zeroblob(length(value) - 8) WHERE key = $k AND codec = 2";
            cmd.Parameters.AddWithValue("$k", System.Text.Encoding.UTF8.GetBytes(key));
            cmd.CommandTimeout = 10;
            changed += cmd.ExecuteNonQuery();
        }
        return changed;
    }
}
