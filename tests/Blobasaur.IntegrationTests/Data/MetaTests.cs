using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

public sealed class MetaTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Meta_of_a_plain_blob_reports_its_sizes_and_a_committed_version()
    {
        if (server.IsExternal) return;
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, "hello"));
        var meta = await conn.CallAsync("BLOBASAUR.META", key);
        Assert.True(meta.Type == '*', meta.ToString());
        var fields = Fields(meta);
        Assert.Equal("string", fields["type"]);
        Assert.Equal(":5", fields["size"]);
        Assert.Equal(":-1", fields["expires_at"]);
        Assert.Equal("none", fields["codec"]);
        Assert.True(long.Parse(fields["version"][1..]) > 0);
    }

    [Fact]
    public async Task Meta_of_a_namespace_entry_describes_the_entry_and_missing_entries_are_nil()
    {
        if (server.IsExternal) return;
        await using var conn = await server.ConnectAsync();
        var ns = TestKey.Me();
        Assert.Equal(":1", await conn.SendAsync("HSET", ns, "avatar", "0123456789"));
        var fields = Fields(await conn.CallAsync("BLOBASAUR.META", ns, "avatar"));
        Assert.Equal(":10", fields["size"]);
        Assert.Equal("(nil)", await conn.SendAsync("BLOBASAUR.META", ns, "missing"));
        Assert.Equal("-WRONGTYPE Operation against a key holding the wrong kind of value", await conn.SendAsync("BLOBASAUR.META", await PlainAsync(conn), "a"));
    }

    private static async Task<string> PlainAsync(RespConnection conn)
    {
        var key = TestKey.Me();
        await conn.SendAsync("SET", key, "v");
        return key;
    }

    private static Dictionary<string, string> Fields(RespValue map)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i + 1 < map.Items!.Count; i += 2) result[map.Items[i].AsString()] = map.Items[i + 1].ToString();
        return result;
    }
}
