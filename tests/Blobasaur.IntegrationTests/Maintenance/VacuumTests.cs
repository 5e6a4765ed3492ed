using Blobasaur.Testing;
using Xunit.Abstractions;

namespace Blobasaur.IntegrationTests.Maintenance;

/// <summary>BLOBASAUR.VACUUM on a real server, and blobasaur shard vacuum orchestrating it over RESP.</summary>
public sealed class VacuumTests(ITestOutputHelper output)
{
    private static Dictionary<string, string> Fields(RespValue shard)
    {
        var fields = new Dictionary<string, string>();
        for (var i = 0; i + 1 < shard.Items!.Count; i += 2)
            fields[shard.Items[i].ToString()] = shard.Items[i + 1].ToString().TrimStart(':');
        return fields;
    }

    private static async Task FillAndDeleteAsync(RespConnection conn, int keys)
    {
        var value = new string('x', 8 * 1024);
        for (var i = 0; i < keys; i++)
            Assert.Equal("+OK", await conn.SendAsync("SET", $"bulk:{i}", value));
        for (var i = 0; i < keys; i += 100)
        {
            var args = new List<object> { "DEL" };
            args.AddRange(Enumerable.Range(i, Math.Min(100, keys - i)).Select(k => (object)$"bulk:{k}"));
            await conn.SendAsync([.. args]);
        }
    }

    [Fact]
    public async Task Incremental_vacuum_shrinks_the_file_by_the_pages_the_dry_run_reported()
    {
        using var tmp = new TempDir();
        var data = tmp.Sub("data");
        await using var server = await LocalServer.StartAsync(data, 1);
        await using var conn = await server.ConnectAsync();
        await FillAndDeleteAsync(conn, 1500);
        Assert.Equal("+OK", await conn.SendAsync("SET", "keep", "me"));

        var dry = Fields((await conn.CallAsync("BLOBASAUR.VACUUM", "SHARD", "0", "MODE", "incremental", "BUDGET_MB", "1024", "DRYRUN")).Items![0]);
        output.WriteLine(string.Join(' ', dry));
        Assert.Equal("ok", dry["status"]);
        Assert.Equal("1", dry["dry_run"]);
        var freelist = long.Parse(dry["freelist_before"]);
        Assert.True(freelist > 500, $"only {freelist} free pages after deleting 12 MB");
        Assert.Equal(freelist, long.Parse(dry["pages_freed"]));
        Assert.Equal(dry["pages_before"], dry["pages_after"]);

        // A small budget frees at most that much.
        var small = Fields((await conn.CallAsync("BLOBASAUR.VACUUM", "SHARD", "0", "MODE", "INCREMENTAL", "BUDGET_MB", "1")).Items![0]);
        Assert.Equal(1024 * 1024 / long.Parse(small["page_size"]), long.Parse(small["pages_freed"]));

        var file = Path.Combine(data, "shard_0.db");
        var sizeBefore = new FileInfo(file).Length;
        var real = Fields((await conn.CallAsync("BLOBASAUR.VACUUM", "SHARD", "ALL", "MODE", "incremental", "BUDGET_MB", "1024")).Items![0]);
        output.WriteLine(string.Join(' ', real));
        Assert.Equal("ok", real["status"]);
        var expected = freelist - long.Parse(small["pages_freed"]);
        Assert.Equal(expected, long.Parse(real["pages_freed"]));
        Assert.Equal(long.Parse(real["pages_before"]) - expected, long.Parse(real["pages_after"]));
        Assert.Equal("0", real["freelist_after"]);
        var sizeAfter = new FileInfo(file).Length;
        Assert.True(sizeAfter <= sizeBefore - expected * long.Parse(real["page_size"]), $"file {sizeBefore} -> {sizeAfter} bytes");
        Assert.Equal("me", await conn.SendAsync("GET", "keep"));
    }

    [Fact]
    public async Task Full_vacuum_rewrites_and_keeps_data()
    {
        using var tmp = new TempDir();
        await using var server = await LocalServer.StartAsync(tmp.Sub("data"), 2);
        await using var conn = await server.ConnectAsync();
        await FillAndDeleteAsync(conn, 600);
        Assert.Equal("+OK", await conn.SendAsync("SET", "keep", "me"));
        var reply = await conn.CallAsync("BLOBASAUR.VACUUM", "SHARD", "ALL", "MODE", "full", "BUDGET_MB", "1");
        Assert.Equal(2, reply.Items!.Count);
        foreach (var shard in reply.Items)
        {
            var fields = Fields(shard);
            Assert.Equal("ok", fields["status"]);
            Assert.Equal("0", fields["freelist_after"]);
            Assert.Equal(long.Parse(fields["pages_before"]) - long.Parse(fields["pages_freed"]), long.Parse(fields["pages_after"]));
        }
        Assert.True(reply.Items.Sum(s => long.Parse(Fields(s)["pages_freed"])) > 200);
        Assert.Equal("me", await conn.SendAsync("GET", "keep"));
        Assert.Equal("+OK", await conn.SendAsync("SET", "after", "vacuum"));
        Assert.Equal("vacuum", await conn.SendAsync("GET", "after"));
    }

    [Fact]
    public async Task Bad_arguments_get_errors_and_the_connection_stays_usable()
    {
        using var tmp = new TempDir();
        await using var server = await LocalServer.StartAsync(tmp.Sub("data"), 2);
        await using var conn = await server.ConnectAsync();
        Assert.Equal("-ERR wrong number of arguments for 'blobasaur.vacuum' command", await conn.SendAsync("BLOBASAUR.VACUUM", "SHARD", "0"));
        Assert.Equal("-ERR invalid shard id 2: this node has shards 0..1",
            await conn.SendAsync("BLOBASAUR.VACUUM", "SHARD", "2", "MODE", "full", "BUDGET_MB", "1"));
        Assert.Equal("-ERR value is not an integer or out of range",
            await conn.SendAsync("BLOBASAUR.VACUUM", "SHARD", "x", "MODE", "full", "BUDGET_MB", "1"));
        Assert.Equal("-ERR MODE must be incremental or full",
            await conn.SendAsync("BLOBASAUR.VACUUM", "SHARD", "0", "MODE", "fast", "BUDGET_MB", "1"));
        Assert.Equal("-ERR BUDGET_MB must be a positive integer",
            await conn.SendAsync("BLOBASAUR.VACUUM", "SHARD", "0", "MODE", "full", "BUDGET_MB", "0"));
        Assert.Equal("-ERR syntax error",
            await conn.SendAsync("BLOBASAUR.VACUUM", "SHARD", "0", "MODE", "full", "BUDGET_MB", "1", "NOW"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task Cli_orchestrates_nodes_prints_a_report_and_fails_on_an_unreachable_node()
    {
        using var tmp = new TempDir();
        await using var one = await LocalServer.StartAsync(tmp.Sub("a"), 2);
        await using var two = await LocalServer.StartAsync(tmp.Sub("b"), 3);
        await using (var conn = await one.ConnectAsync())
            await FillAndDeleteAsync(conn, 300);

        var nodes = $"127.0.0.1:{one.Port},127.0.0.1:{two.Port}";
        var ok = await Cli.RunAsync("shard", "vacuum", "--all-shards", "--nodes", nodes, "--node-concurrency", "2", "--budget-mb", "64");
        output.WriteLine(ok.ToString());
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("node_failures=0 shard_successes=5 shard_failures=0", ok.Output);

        var dry = await Cli.RunAsync("shard", "vacuum", "--all-shards", "--nodes", nodes, "--dry-run", "--mode", "full");
        Assert.True(dry.ExitCode == 0, dry.ToString());

        var unreachable = await Cli.RunAsync("shard", "vacuum", "--all-shards", "--nodes", $"127.0.0.1:{one.Port},127.0.0.1:1",
            "--timeout-sec", "5");
        output.WriteLine(unreachable.ToString());
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("node_failures=1 shard_successes=2 shard_failures=0", unreachable.Output);

        var noAll = await Cli.RunAsync("shard", "vacuum", "--nodes", nodes);
        Assert.Equal(1, noAll.ExitCode);
    }
}
