using System.Text;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>PING, ECHO, HELLO, SELECT, QUIT, RESET and the request framing around them, over a real socket.</summary>
[Trait("Category", "RedisCompat")]
public sealed class ConnectionCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Ping_without_argument_replies_PONG()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+PONG", await conn.SendAsync("PING"));
        Assert.Equal("+PONG", await conn.SendAsync("ping"));
    }

    [Fact]
    public async Task Ping_with_a_message_replies_the_message_as_a_bulk_string()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(RespConnection.Encode("PING", "hello world"));

        Assert.Equal("$11\r\nhello world\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(18)));
    }

    [Fact]
    public async Task Ping_with_two_arguments_is_a_wrong_arity_error()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR wrong number of arguments for 'ping' command", await conn.SendAsync("PING", "a", "b"));
    }

    [Fact]
    public async Task Echo_of_16_random_non_utf8_bytes_is_byte_exact()
    {
        // StackExchange.Redis sends exactly this on connect and refuses a server that alters it.
        var payload = new byte[16];
        new Random(1234).NextBytes(payload);
        payload[0] = 0xff;
        payload[1] = 0xc3;   // an invalid UTF-8 sequence start
        payload[2] = (byte)'\r';
        payload[3] = (byte)'\n';
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(RespConnection.Encode("ECHO", payload));

        var expected = "$16\r\n"u8.ToArray().Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        Assert.Equal(expected, await conn.ReadExactAsync(expected.Length));
    }

    [Fact]
    public async Task Echo_of_an_empty_string_is_an_empty_bulk()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(RespConnection.Encode("ECHO", ""));

        Assert.Equal("$0\r\n\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(6)));
    }

    [Fact]
    public async Task Hello_3_replies_redis_7_map_exactly_and_switches_to_resp3()
    {
        await using var conn = await server.ConnectAsync();
        var id = (await conn.SendAsync("CLIENT", "ID"))[1..];

        await conn.WriteAsync(RespConnection.Encode("HELLO", "3"));

        var expected = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
            + $"$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(await conn.ReadExactAsync(expected.Length)));

        await conn.WriteAsync(RespConnection.Encode("CLIENT", "GETNAME"));
        Assert.Equal("_\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(3)));
    }

    [Fact]
    public async Task Hello_2_replies_the_same_fields_as_a_flat_array_and_keeps_resp2_nulls()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("HELLO", "2");

        Assert.Equal('*', reply.Type);
        Assert.Equal(14, reply.Items!.Count);
        Assert.Equal("[server, redis, version, 7.0.15, proto, :2]", "[" + string.Join(", ", reply.Items.Take(6)) + "]");
        await conn.WriteAsync(RespConnection.Encode("CLIENT", "GETNAME"));
        Assert.Equal("$-1\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(5)));
    }

    [Fact]
    public async Task Hello_4_is_refused_with_NOPROTO_and_the_connection_stays_resp2()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-NOPROTO unsupported protocol version", await conn.SendAsync("HELLO", "4"));
        Assert.Equal("-NOPROTO unsupported protocol version", await conn.SendAsync("HELLO", "1"));
        await conn.WriteAsync(RespConnection.Encode("CLIENT", "GETNAME"));
        Assert.Equal("$-1\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(5)));
    }

    [Fact]
    public async Task Hello_with_a_non_numeric_version_is_an_error()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR Protocol version is not an integer or out of range", await conn.SendAsync("HELLO", "three"));
    }

    [Fact]
    public async Task Hello_3_with_SETNAME_names_the_connection()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("HELLO", "3", "SETNAME", "hello-test");

        Assert.Equal('%', reply.Type);
        Assert.Equal("hello-test", await conn.SendAsync("CLIENT", "GETNAME"));
    }

    [Fact]
    public async Task Hello_with_an_unknown_option_is_a_syntax_error()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR Syntax error in HELLO option 'FOO'", await conn.SendAsync("HELLO", "3", "FOO"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task Inline_commands_are_answered_like_multibulk_ones()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync("PING\r\n");
        Assert.Equal("+PONG", (await conn.ReadAsync()).ToString());
        await conn.WriteAsync("ECHO \"a b\\x41\"\r\n");
        Assert.Equal("a bA", (await conn.ReadAsync()).ToString());
        await conn.WriteAsync("echo bare-lf\n");
        Assert.Equal("bare-lf", (await conn.ReadAsync()).ToString());
        await conn.WriteAsync("ECHO a\vb\r\n");   // only ' ', \t, \r, \n end an unquoted word
        Assert.Equal("a\vb", (await conn.ReadAsync()).ToString());
    }

    [Fact]
    public async Task Pipelined_commands_in_one_write_are_answered_in_order_including_errors()
    {
        await using var conn = await server.ConnectAsync();
        var batch = new MemoryStream();
        batch.Write("PING\r\n"u8);
        batch.Write(RespConnection.Encode("ECHO", "one"));
        batch.Write(RespConnection.Encode("NOSUCHCMD", "x"));
        batch.Write(RespConnection.Encode("SELECT", "abc"));
        batch.Write(RespConnection.Encode("ECHO"));
        batch.Write(RespConnection.Encode("ECHO", "two"));
        batch.Write("*0\r\n"u8);
        batch.Write(RespConnection.Encode("PING"));

        await conn.WriteAsync(batch.ToArray());

        Assert.Equal("+PONG", (await conn.ReadAsync()).ToString());
        Assert.Equal("one", (await conn.ReadAsync()).ToString());
        Assert.Equal("-ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' ", (await conn.ReadAsync()).ToString());
        Assert.Equal("-ERR value is not an integer or out of range", (await conn.ReadAsync()).ToString());
        Assert.Equal("-ERR wrong number of arguments for 'echo' command", (await conn.ReadAsync()).ToString());
        Assert.Equal("two", (await conn.ReadAsync()).ToString());
        Assert.Equal("+PONG", (await conn.ReadAsync()).ToString());
    }

    [Fact]
    public async Task Thousand_pipelined_echoes_come_back_in_request_order()
    {
        await using var conn = await server.ConnectAsync();
        var batch = new MemoryStream();
        for (var i = 0; i < 1000; i++) batch.Write(RespConnection.Encode("ECHO", i.ToString()));

        await conn.WriteAsync(batch.ToArray());

        for (var i = 0; i < 1000; i++) Assert.Equal(i.ToString(), (await conn.ReadAsync()).ToString());
    }

    [Fact]
    public async Task Request_split_across_many_small_writes_is_reassembled()
    {
        await using var conn = await server.ConnectAsync();
        var value = new byte[3000];
        new Random(5).NextBytes(value);
        var payload = RespConnection.Encode("ECHO", value).Concat("PING\r\n"u8.ToArray()).ToArray();

        for (var offset = 0; offset < payload.Length; offset += 97)
        {
            await conn.WriteAsync(payload[offset..Math.Min(offset + 97, payload.Length)]);
            await Task.Delay(1);   // let each piece arrive as its own read
        }

        Assert.Equal(value, (await conn.ReadAsync()).Bytes);
        Assert.Equal("+PONG", (await conn.ReadAsync()).ToString());
    }

    [Fact]
    public async Task Request_sent_one_byte_at_a_time_is_reassembled()
    {
        await using var conn = await server.ConnectAsync();
        var payload = RespConnection.Encode("ECHO", "bytewise");

        foreach (var b in payload) await conn.WriteAsync([b]);

        Assert.Equal("bytewise", (await conn.ReadAsync()).ToString());
    }

    [Fact]
    public async Task Unknown_command_error_quotes_the_arguments_with_a_trailing_space()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(RespConnection.Encode("FOO", "bar", "baz"));
        var expected = "-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(await conn.ReadExactAsync(expected.Length)));

        Assert.Equal("-ERR unknown command 'FOO', with args beginning with: ", await conn.SendAsync("FOO"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task Unknown_command_error_replaces_CR_and_LF_in_user_input()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR unknown command 'A  B', with args beginning with: 'C D' ", await conn.SendAsync("A\r\nB", "C\nD"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task Unknown_subcommand_names_the_container_help()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.", await conn.SendAsync("CLIENT", "FOO"));
        Assert.Equal("-ERR unknown subcommand 'foo'. Try CONFIG HELP.", await conn.SendAsync("config", "foo"));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    [Fact]
    public async Task Select_0_is_accepted_and_a_non_number_is_not_an_integer()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("+OK", await conn.SendAsync("SELECT", "0"));
        Assert.Equal("-ERR value is not an integer or out of range", await conn.SendAsync("SELECT", "abc"));
        Assert.Equal("-ERR DB index is out of range", await conn.SendAsync("SELECT", "99"));
        Assert.Equal("-ERR DB index is out of range", await conn.SendAsync("SELECT", "-1"));
    }

    [Fact]
    public async Task Quit_replies_OK_then_the_server_closes_the_connection()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync(RespConnection.Encode("QUIT"));

        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(5)));
        Assert.True(await conn.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Quit_in_a_pipeline_answers_what_came_before_and_ignores_the_rest()
    {
        await using var conn = await server.ConnectAsync();

        await conn.WriteAsync("PING\r\nQUIT\r\nPING\r\n");

        Assert.Equal("+PONG\r\n+OK\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(12)));
        Assert.True(await conn.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Reset_returns_to_resp2_and_clears_the_name()
    {
        await using var conn = await server.ConnectAsync();
        await conn.CallAsync("HELLO", "3", "SETNAME", "before-reset");

        Assert.Equal("+RESET", await conn.SendAsync("RESET"));

        await conn.WriteAsync(RespConnection.Encode("CLIENT", "GETNAME"));
        Assert.Equal("$-1\r\n", Encoding.ASCII.GetString(await conn.ReadExactAsync(5)));
    }
}
