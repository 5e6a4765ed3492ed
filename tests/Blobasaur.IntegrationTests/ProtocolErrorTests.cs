using System.Text;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>Broken framing: "-ERR Protocol error: ..." then the server closes that connection, and only that one.</summary>
public sealed class ProtocolErrorTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [Trait("Category", "RedisCompat")]
    [InlineData("*1\r\n$abc\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$-5\r\n", "invalid bulk length")]
    [InlineData("*abc\r\n", "invalid multibulk length")]
    [InlineData("*1\r\nxyz\r\n", "expected '$', got 'x'")]
    [InlineData("*3\r\n$3\r\nSET\r\n:1\r\n", "expected '$', got ':'")]
    [InlineData("ECHO \"unbalanced\r\n", "unbalanced quotes in request")]
    [InlineData("*1\r\n$600000000\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$04\r\nPING\r\n", "invalid bulk length")]          // string2ll: no leading zeros
    [InlineData("*-0\r\n", "invalid multibulk length")]
    public async Task Broken_framing_gets_a_protocol_error_and_the_connection_is_closed(string payload, string detail)
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(payload);

        var expected = $"-ERR Protocol error: {detail}\r\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(await conn.ReadExactAsync(expected.Length)));
        Assert.True(await conn.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [OwnServerTheory]
    [InlineData("*2000000\r\n", "invalid multibulk length")]                   // Redis 7.0 allows up to INT_MAX; we cap at 1M
    [InlineData("*1\r\n$4\r\nPINGxx", "expected CRLF after bulk data")]        // Redis skips the two bytes unchecked
    public async Task Broken_framing_where_we_are_stricter_than_redis_is_still_answered_then_closed(string payload, string detail)
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(payload);

        Assert.Equal($"-ERR Protocol error: {detail}", (await conn.ReadAsync()).ToString());
        Assert.True(await conn.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Replies_to_requests_before_the_broken_one_are_sent_first()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync("PING\r\n*1\r\n$4\r\nECHO\r\n*1\r\n$x\r\n");

        Assert.Equal("+PONG", (await conn.ReadAsync()).ToString());
        Assert.Equal("-ERR wrong number of arguments for 'echo' command", (await conn.ReadAsync()).ToString());
        Assert.Equal("-ERR Protocol error: invalid bulk length", (await conn.ReadAsync()).ToString());
        Assert.True(await conn.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Broken_framing_closes_only_that_connection()
    {
        await using var healthy = await server.ConnectAsync();
        await using var broken = await server.ConnectAsync();
        Assert.Equal("+PONG", await healthy.SendAsync("PING"));

        await broken.WriteAsync("*1\r\n$abc\r\n");

        Assert.True(await broken.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("+PONG", await healthy.SendAsync("PING"));
        Assert.Equal("still here", await healthy.SendAsync("ECHO", "still here"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Command_errors_never_close_the_connection()
    {
        await using var conn = await server.ConnectAsync();

        Assert.StartsWith("-ERR unknown command", await conn.SendAsync("NOSUCH"));
        Assert.StartsWith("-ERR wrong number of arguments", await conn.SendAsync("ECHO"));
        Assert.StartsWith("-ERR unknown subcommand", await conn.SendAsync("CLIENT", "NOSUCH"));
        Assert.Equal("-ERR syntax error", await conn.SendAsync("CLIENT", "NO-EVICT", "maybe"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Unknown_command_error_truncates_long_user_input_as_redis_does()
    {
        await using var conn = await server.ConnectAsync();
        var longArg = new string('a', 200);

        var reply = await conn.SendAsync(new string('C', 200), longArg, "second");

        Assert.Equal($"-ERR unknown command '{new string('C', 128)}', with args beginning with: '{new string('a', 128)}' ", reply);
    }
}
