using System.Text.RegularExpressions;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>INFO commandstats, errorstats, persistence, replication: Redis 7.0's shapes, with live values.</summary>
public sealed class InfoStatsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Commandstats_count_calls_rejected_calls_and_failed_calls()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        var before = await StatAsync(conn, "hget");

        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.StartsWith("-WRONGTYPE", await conn.SendAsync("HGET", key, "f"));     // ran, failed
        Assert.StartsWith("-ERR wrong number", await conn.SendAsync("HGET", key));  // refused before running
        Assert.Equal("(nil)", await conn.SendAsync("HGET", key + "-missing", "f"));   // ran, succeeded

        var after = await StatAsync(conn, "hget");
        Assert.Equal(before.Calls + 2, after.Calls);
        Assert.Equal(before.Rejected + 1, after.Rejected);
        Assert.Equal(before.Failed + 1, after.Failed);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Commandstats_lines_have_redis_fields_in_redis_order()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+PONG", await conn.SendAsync("PING"));

        var info = (await conn.CallAsync("INFO", "commandstats")).AsString();

        Assert.StartsWith("# Commandstats\r\n", info);
        Assert.Matches(@"(?m)^cmdstat_ping:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=\d+\r$", info);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Errorstats_count_errors_by_their_first_word()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        var before = await ErrorCountAsync(conn, "WRONGTYPE");

        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.StartsWith("-WRONGTYPE", await conn.SendAsync("HGET", key, "f"));
        Assert.StartsWith("-WRONGTYPE", await conn.SendAsync("HSET", key, "f", "v"));

        Assert.Equal(before + 2, await ErrorCountAsync(conn, "WRONGTYPE"));
        Assert.StartsWith("-ERR unknown command", await conn.SendAsync("NO-SUCH-COMMAND"));
        Assert.Matches(@"(?m)^errorstat_ERR:count=[1-9]\d*\r$", (await conn.CallAsync("INFO", "errorstats")).AsString());
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Persistence_and_replication_carry_the_fields_clients_parse()
    {
        await using var conn = await server.ConnectAsync();

        var persistence = (await conn.CallAsync("INFO", "persistence")).AsString();
        var replication = (await conn.CallAsync("INFO", "replication")).AsString();

        foreach (var field in new[] { "loading:0", "rdb_bgsave_in_progress:0", "rdb_last_bgsave_status:ok", "aof_enabled:0" })
            Assert.Contains(field + "\r\n", persistence);
        Assert.Matches(@"(?m)^rdb_last_save_time:\d+\r$", persistence);
        Assert.Contains("role:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\n", replication);
        Assert.Matches(@"(?m)^master_replid:[0-9a-f]{40}\r$", replication);
        Assert.Contains("second_repl_offset:-1\r\n", replication);
    }

    [OwnServerFact]
    public async Task Persistence_lists_every_shard_with_its_file_and_wal_sizes()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await conn.SendAsync("SET", TestKey.Me(), "v"));

        var persistence = (await conn.CallAsync("INFO", "persistence")).AsString();

        for (var shard = 0; shard < 4; shard++)
            Assert.Matches($@"(?m)^shard{shard}:keys=\d+,db_bytes=[1-9]\d*,wal_bytes=\d+,commits=\d+,ops=\d+,queued=\d+\r$", persistence);
        Assert.Matches(@"(?m)^storage_db_bytes:[1-9]\d*\r$", persistence);
    }

    private static async Task<(long Calls, long Rejected, long Failed)> StatAsync(RespConnection conn, string command)
    {
        var info = (await conn.CallAsync("INFO", "commandstats")).AsString();
        var m = Regex.Match(info, $@"(?m)^cmdstat_{Regex.Escape(command)}:calls=(\d+),usec=\d+,usec_per_call=[\d.]+,rejected_calls=(\d+),failed_calls=(\d+)\r$");
        return m.Success ? (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value)) : (0, 0, 0);
    }

    private static async Task<long> ErrorCountAsync(RespConnection conn, string prefix)
    {
        var info = (await conn.CallAsync("INFO", "errorstats")).AsString();
        var m = Regex.Match(info, $@"(?m)^errorstat_{prefix}:count=(\d+)\r$");
        return m.Success ? long.Parse(m.Groups[1].Value) : 0;
    }
}
