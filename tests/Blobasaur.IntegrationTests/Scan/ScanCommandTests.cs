using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Scan;

public sealed class ScanCommandTests(TestServer server) : IClassFixture<TestServer>
{
    private static async Task<List<string>> ScanAllAsync(RespConnection conn, params object[] options)
    {
        var keys = new List<string>();
        var cursor = "0";
        do
        {
            var page = await conn.CallAsync(["SCAN", cursor, .. options]);
            cursor = page.Items![0].AsString();
            keys.AddRange(page.Items[1].Items!.Select(k => k.AsString()));
        } while (cursor != "0");
        return keys;
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Scan_argument_errors_match_redis()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("-ERR invalid cursor", await conn.SendAsync("SCAN", "abc"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("SCAN", "0", "COUNT", "0"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SCAN", "0", "COUNT", "x"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("SCAN", "0", "MATCH"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("SCAN", "0", "BOGUS", "1"));
        Assert.Equal("-ERR invalid cursor", await conn.SendAsync("HSCAN", "h", "-"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Scan_and_keys_with_match_on_a_private_prefix_find_exactly_those_keys()
    {
        await using var conn = await server.ConnectAsync();
        var prefix = TestKey.Me();
        foreach (var i in Enumerable.Range(0, 30)) await conn.SendAsync("SET", $"{prefix}:{i}", "v");
        await conn.SendAsync("HSET", $"{prefix}:h", "f", "v");

        var scanned = await ScanAllAsync(conn, "MATCH", prefix + ":*", "COUNT", "5");
        var hashes = await ScanAllAsync(conn, "MATCH", prefix + ":*", "TYPE", "hash");
        var keys = (await conn.CallAsync("KEYS", prefix + ":*")).Items!.Select(k => k.AsString()).ToList();
        var one = (await conn.CallAsync("KEYS", prefix + ":1?")).Items!.Count;

        Assert.Equal(31, scanned.Distinct().Count());
        Assert.Equal([prefix + ":h"], hashes);
        Assert.Equal(31, keys.Count);
        Assert.Equal(10, one);
        Assert.Empty(await ScanAllAsync(conn, "MATCH", prefix + ":*", "TYPE", "list"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Hscan_returns_fields_and_values_and_wrongtype_for_a_string()
    {
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2");
        var page = await conn.CallAsync("HSCAN", ns, "0", "MATCH", "a");
        Assert.Equal("0", page.Items![0].AsString());
        Assert.Equal(["a", "1"], page.Items[1].Items!.Select(i => i.AsString()));
        var blob = TestKey.Me();
        await conn.SendAsync("SET", blob, "v");
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await conn.SendAsync("HSCAN", blob, "0"));
        Assert.Equal("0", (await conn.CallAsync("HSCAN", TestKey.Me(), "0")).Items![0].AsString());
    }

    [Fact]
    public async Task Hscan_novalues_returns_only_fields()
    {
        if (server.IsExternal) return; // NOVALUES is Redis 7.4; the conformance server is 7.0
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        await conn.SendAsync("HSET", ns, "a", "1", "b", "2");
        var page = await conn.CallAsync("HSCAN", ns, "0", "NOVALUES");
        Assert.Equal(["a", "b"], page.Items![1].Items!.Select(i => i.AsString()).Order());
    }
}

public sealed class EmptyServerScanTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Randomkey_is_nil_on_an_empty_database_then_returns_the_only_key()
    {
        if (server.IsExternal) return; // a shared external server is not empty
        await using var conn = await server.ConnectAsync();
        Assert.Equal("(nil)", await conn.SendAsync("RANDOMKEY"));
        Assert.Empty((await conn.CallAsync("SCAN", "0")).Items![1].Items!);
        await conn.SendAsync("SET", "solo", "v");
        Assert.Equal("solo", await conn.SendAsync("RANDOMKEY"));
    }
}
