using System.Text.RegularExpressions;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>CLIENT ID|SETNAME|GETNAME|SETINFO|LIST|INFO|NO-EVICT|NO-TOUCH|KILL.</summary>
public sealed class ClientCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_id_is_a_positive_integer_unique_per_connection()
    {
        await using var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();

        var idA = long.Parse((await a.SendAsync("CLIENT", "ID"))[1..]);
        var idB = long.Parse((await b.SendAsync("CLIENT", "ID"))[1..]);

        Assert.True(idA > 0);
        Assert.NotEqual(idA, idB);
        Assert.Equal($":{idA}", await a.SendAsync("client", "id"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_setname_then_getname_returns_the_name_and_an_empty_name_clears_it()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("(nil)", await conn.SendAsync("CLIENT", "GETNAME"));
        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "SETNAME", "worker-1"));
        Assert.Equal("worker-1", await conn.SendAsync("CLIENT", "GETNAME"));
        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "SETNAME", ""));
        Assert.Equal("(nil)", await conn.SendAsync("CLIENT", "GETNAME"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_setname_with_a_space_is_refused()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR Client names cannot contain spaces, newlines or special characters.",
            await conn.SendAsync("CLIENT", "SETNAME", "two words"));
    }

    [OwnServerFact]
    public async Task Client_setinfo_records_the_library_and_client_list_shows_it()
    {
        // CLIENT SETINFO is Redis 7.2; the 7.0.15 reference server answers "unknown subcommand", so this is ours only.
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "SETINFO", "LIB-NAME", "ioredis"));
        Assert.Equal("+OK", await conn.SendAsync("client", "setinfo", "lib-ver", "6.0.0"));
        Assert.Equal("-ERR Unrecognized option 'FOO'", await conn.SendAsync("CLIENT", "SETINFO", "FOO", "x"));
        Assert.Equal("-ERR lib-name cannot contain spaces, newlines or special characters.",
            await conn.SendAsync("CLIENT", "SETINFO", "LIB-NAME", "a b"));

        var info = await conn.SendAsync("CLIENT", "INFO");
        Assert.Contains(" lib-name=ioredis ", info);
        Assert.Contains(" lib-ver=6.0.0", info);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_list_shows_every_connection_with_its_id_and_name()
    {
        await using var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();
        var name = "list-" + Guid.NewGuid().ToString("N")[..8];
        await b.SendAsync("CLIENT", "SETNAME", name);
        var idA = (await a.SendAsync("CLIENT", "ID"))[1..];
        var idB = (await b.SendAsync("CLIENT", "ID"))[1..];

        var list = await a.SendAsync("CLIENT", "LIST");

        var lines = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"id={idA} addr=127.0.0.1:", StringComparison.Ordinal) && l.Contains(" cmd=client|list"));
        Assert.Contains(lines, l => l.StartsWith($"id={idB} ", StringComparison.Ordinal) && l.Contains($" name={name} "));
        Assert.All(lines, l => Assert.Matches(@"^id=\d+ addr=\S+ laddr=\S+ fd=-?\d+ name=\S* age=\d+ idle=\d+ flags=\w+ db=0 ", l));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_list_by_id_shows_only_those_connections()
    {
        await using var a = await server.ConnectAsync();
        var id = (await a.SendAsync("CLIENT", "ID"))[1..];

        var list = await a.SendAsync("CLIENT", "LIST", "ID", id);

        Assert.Single(list.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"id={id} ", list);
        Assert.Equal("-ERR Invalid client ID", await a.SendAsync("CLIENT", "LIST", "ID", "abc"));
        Assert.Equal("-ERR syntax error", await a.SendAsync("CLIENT", "LIST", "FOO"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_info_is_the_client_list_line_of_this_connection()
    {
        await using var conn = await server.ConnectAsync();
        var id = (await conn.SendAsync("CLIENT", "ID"))[1..];
        await conn.SendAsync("HELLO", "3");

        var reply = await conn.CallAsync("CLIENT", "INFO");

        Assert.Equal('=', reply.Type);   // a verbatim string in RESP3
        Assert.Matches($@"^txt:id={id} addr=127\.0\.0\.1:\d+ .* resp=3[ \n]", reply.ToString()[1..]);   // 7.2 adds lib-name=
        Assert.EndsWith("\n", reply.ToString());
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_no_evict_accepts_on_and_off_only()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "NO-EVICT", "on"));
        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "NO-EVICT", "OFF"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("CLIENT", "NO-EVICT", "maybe"));
    }

    [OwnServerFact]
    public async Task Client_no_touch_accepts_on_and_off_only()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "NO-TOUCH", "on"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("CLIENT", "NO-TOUCH", "maybe"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_kill_by_id_closes_that_connection_only()
    {
        await using var killer = await server.ConnectAsync();
        await using var victim = await server.ConnectAsync();
        var id = (await victim.SendAsync("CLIENT", "ID"))[1..];

        Assert.Equal(":1", await killer.SendAsync("CLIENT", "KILL", "ID", id));

        Assert.True(await victim.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("+PONG", await killer.SendAsync("PING"));
        Assert.Equal(":0", await killer.SendAsync("CLIENT", "KILL", "ID", id));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_kill_by_address_closes_that_connection()
    {
        await using var killer = await server.ConnectAsync();
        await using var victim = await server.ConnectAsync();
        var info = await victim.SendAsync("CLIENT", "INFO");
        var addr = Regex.Match(info, @" addr=(\S+) ").Groups[1].Value;

        Assert.Equal("+OK", await killer.SendAsync("CLIENT", "KILL", addr));

        Assert.True(await victim.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("-ERR No such client", await killer.SendAsync("CLIENT", "KILL", addr));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_kill_skips_the_caller_unless_told_otherwise()
    {
        await using var conn = await server.ConnectAsync();
        var id = (await conn.SendAsync("CLIENT", "ID"))[1..];

        Assert.Equal(":0", await conn.SendAsync("CLIENT", "KILL", "ID", id));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("CLIENT", "KILL", "ID", id, "SKIPME", "perhaps"));
        Assert.Equal("-ERR client-id should be greater than 0", await conn.SendAsync("CLIENT", "KILL", "ID", "abc"));

        await conn.WriteAsync(RespConnection.Encode("CLIENT", "KILL", "ID", id, "SKIPME", "no"));
        Assert.Equal(":1", (await conn.ReadAsync()).ToString());
        Assert.True(await conn.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_help_is_an_array_of_status_lines()
    {
        await using var conn = await server.ConnectAsync();

        var help = await conn.CallAsync("CLIENT", "HELP");

        Assert.StartsWith("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.Items![0].Text);
        Assert.All(help.Items, i => Assert.Equal('+', i.Type));
    }
}
