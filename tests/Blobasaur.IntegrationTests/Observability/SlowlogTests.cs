using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>SLOWLOG GET|LEN|RESET with the threshold changed by CONFIG SET, entries shaped as Redis 7.0's.</summary>
public sealed class SlowlogTests(ServerFixture server) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task With_threshold_0_every_command_is_logged_with_args_client_address_and_name()
    {
        await using var conn = await server.ConnectAsync();
        var name = "slow-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal("+OK", await conn.SendAsync("CLIENT", "SETNAME", name));
        var addr = System.Text.RegularExpressions.Regex.Match((await conn.CallAsync("CLIENT", "INFO")).AsString(), @"addr=(\S+)").Groups[1].Value;
        Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "slowlog-max-len", "100000")); // room for parallel tests' commands
        Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "slowlog-log-slower-than", "0"));
        var key = TestKey.Me();
        Assert.Equal("+OK", await conn.SendAsync("SET", key, new string('x', 200)));

        var entries = (await conn.CallAsync("SLOWLOG", "GET", "-1")).Items!;
        var mine = entries.First(e => e.Items![5].AsString() == name && e.Items[3].Items![0].AsString() == "SET");

        Assert.Equal(6, mine.Items!.Count);
        Assert.Equal(':', mine.Items[0].Type);                                                  // id
        Assert.InRange(long.Parse(mine.Items[1].Text!), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, long.MaxValue); // unix time
        Assert.True(long.Parse(mine.Items[2].Text!) >= 0);                                      // microseconds
        Assert.Equal(["SET", key, new string('x', 128) + "... (72 more bytes)"], mine.Items[3].Items!.Select(a => a.AsString()));
        Assert.Equal(addr, mine.Items[4].AsString());
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Reset_empties_the_log_and_a_negative_threshold_turns_it_off()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "slowlog-log-slower-than", "-1"));
        Assert.Equal("+OK", await conn.SendAsync("SLOWLOG", "RESET"));
        Assert.Equal("+OK", await conn.SendAsync("SET", TestKey.Me(), "v"));

        Assert.Equal(":0", await conn.SendAsync("SLOWLOG", "LEN"));
        Assert.Equal("[]", await conn.SendAsync("SLOWLOG", "GET"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Max_len_keeps_the_newest_entries()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "slowlog-max-len", "3"));
        Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "slowlog-log-slower-than", "0"));
        for (var i = 0; i < 5; i++) await conn.SendAsync("PING");

        Assert.Equal(":3", await conn.SendAsync("SLOWLOG", "LEN"));
        var newest = (await conn.CallAsync("SLOWLOG", "GET", "1")).Items!;
        Assert.Equal(6, newest.Single().Items!.Count);
        Assert.Equal("[slowlog-max-len, 3]", await conn.SendAsync("CONFIG", "GET", "slowlog-max-len"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Bad_arguments_get_redis_errors()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR count should be greater than or equal to -1", await conn.SendAsync("SLOWLOG", "GET", "-2"));
        Assert.Equal("-ERR count should be greater than or equal to -1", await conn.SendAsync("SLOWLOG", "GET", "abc"));
        Assert.Equal("-ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and "
            + "9223372036854775807 inclusive", await conn.SendAsync("CONFIG", "SET", "slowlog-log-slower-than", "-5"));
        Assert.Equal("-ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be between 0 and "
            + "9223372036854775807 inclusive", await conn.SendAsync("CONFIG", "SET", "slowlog-max-len", "-1"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // Back to Redis's defaults, so a shared external server is left as found.
    public async Task DisposeAsync()
    {
        await using var conn = await server.ConnectAsync();
        await conn.SendAsync("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        await conn.SendAsync("CONFIG", "SET", "slowlog-max-len", "128");
    }
}
