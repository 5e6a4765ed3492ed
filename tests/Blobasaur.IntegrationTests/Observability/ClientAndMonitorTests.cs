using System.Text.RegularExpressions;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>CLIENT LIST/INFO/KILL with live per-connection figures, and MONITOR streaming another connection's commands.</summary>
public sealed class ClientAndMonitorTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Monitor_streams_commands_of_other_connections_escaped_as_redis()
    {
        await using var monitor = await server.ConnectAsync();
        await using var other = await server.ConnectAsync();
        var addr = Regex.Match((await other.CallAsync("CLIENT", "INFO")).AsString(), @"addr=(\S+)").Groups[1].Value;
        Assert.Equal("+OK", await monitor.SendAsync("MONITOR"));
        var key = TestKey.Me();

        Assert.Equal("+OK", await other.SendAsync("SET", key, "a\nb\"c"));
        Assert.Equal("a\nb\"c", await other.SendAsync("GET", key));

        var set = await NextLineFromAsync(monitor, addr);
        Assert.Matches($@"^\+\d+\.\d{{6}} \[0 {Regex.Escape(addr)}\] ""SET"" ""{Regex.Escape(key)}"" ""a\\nb\\""c""$", set);
        Assert.EndsWith($"\"GET\" \"{key}\"", await NextLineFromAsync(monitor, addr));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Monitor_does_not_show_admin_commands()
    {
        await using var monitor = await server.ConnectAsync();
        await using var other = await server.ConnectAsync();
        var addr = Regex.Match((await other.CallAsync("CLIENT", "INFO")).AsString(), @"addr=(\S+)").Groups[1].Value;
        Assert.Equal("+OK", await monitor.SendAsync("MONITOR"));

        await other.SendAsync("CONFIG", "GET", "maxclients");
        await other.SendAsync("ECHO", "after-config");

        Assert.EndsWith("\"ECHO\" \"after-config\"", await NextLineFromAsync(monitor, addr));
    }

    [OwnServerFact]
    public async Task Client_list_reports_live_figures_for_each_connection()
    {
        await using var monitor = await server.ConnectAsync();
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await monitor.SendAsync("MONITOR"));
        Assert.Equal("+OK", await conn.SendAsync("SET", TestKey.Me(), new string('v', 1000)));

        var list = (await conn.CallAsync("CLIENT", "LIST")).AsString();
        var mine = Regex.Match((await conn.CallAsync("CLIENT", "INFO")).AsString(), @"id=(\d+)").Groups[1].Value;
        var line = list.Split('\n').Single(l => l.StartsWith($"id={mine} ", StringComparison.Ordinal));

        Assert.Matches(@" age=\d+ idle=\d+ flags=N ", line);
        Assert.Matches(@" qbuf=\d+ qbuf-free=\d+ ", line);
        Assert.Matches(@" omem=\d+ tot-mem=\d+ ", line);
        Assert.Contains(" cmd=client|list ", line);
        Assert.True(long.Parse(Regex.Match(line, @"tot-net-in=(\d+)").Groups[1].Value) > 1000); // the SET's value came in
        Assert.True(long.Parse(Regex.Match(line, @"tot-cmds=(\d+)").Groups[1].Value) >= 2);
        Assert.Matches(@"(?m) flags=O .* cmd=monitor ", list);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_kill_by_id_closes_that_connection_and_reports_one()
    {
        await using var victim = await server.ConnectAsync();
        await using var killer = await server.ConnectAsync();
        var id = (await victim.SendAsync("CLIENT", "ID"))[1..];

        Assert.Equal(":1", await killer.SendAsync("CLIENT", "KILL", "ID", id));
        Assert.True(await victim.IsClosedByServerAsync(Wait));
        Assert.Equal(":0", await killer.SendAsync("CLIENT", "KILL", "ID", id));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Client_kill_filters_by_type_and_user_as_redis()
    {
        await using var victim = await server.ConnectAsync();
        await using var killer = await server.ConnectAsync();
        var id = (await victim.SendAsync("CLIENT", "ID"))[1..];

        Assert.Equal("-ERR Unknown client type 'foo'", await killer.SendAsync("CLIENT", "KILL", "TYPE", "foo"));
        Assert.Equal("-ERR No such user 'nobody'", await killer.SendAsync("CLIENT", "KILL", "USER", "nobody"));
        Assert.Equal(":0", await killer.SendAsync("CLIENT", "KILL", "TYPE", "pubsub", "ID", id));
        Assert.Equal(":1", await killer.SendAsync("CLIENT", "KILL", "TYPE", "normal", "USER", "default", "ID", id));
        Assert.True(await victim.IsClosedByServerAsync(Wait));
    }

    /// <summary>The next MONITOR line about <paramref name="addr"/> (other test classes may share an external server).</summary>
    private static async Task<string> NextLineFromAsync(RespConnection monitor, string addr)
    {
        while (true)
        {
            var line = (await monitor.ReadAsync(Wait)).ToString();
            if (line.Contains($"[0 {addr}]", StringComparison.Ordinal)) return line;
        }
    }
}
