using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>requirepass, AUTH and HELLO AUTH through real sockets, with Redis 7.0.15's exact replies (checked with a
/// redis-server started with --requirepass).</summary>
public sealed class AuthTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    private const string NoAuth = "-NOAUTH Authentication required.";
    private const string WrongPass = "-WRONGPASS invalid username-password pair or user is disabled.";
    private const string NoPermCommandWhoAmI = "-NOPERM this user has no permissions to run the 'acl|whoami' command";
    private const string HelloNoAuth = "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
        + "AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";

    [OwnServerFact]
    public async Task Commands_before_auth_get_noauth_and_the_connection_stays_usable()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal(NoAuth, await client.SendAsync("GET", "k"));
        Assert.Equal(NoAuth, await client.SendAsync("PING"));
        Assert.Equal(NoAuth, await client.SendAsync("ACL", "WHOAMI"));
        Assert.Equal(NoAuth, await client.SendAsync("COMMAND"));
        Assert.Equal("+OK", await client.SendAsync("AUTH", SecuredServer.Password));
        Assert.Equal("+PONG", await client.SendAsync("PING"));
    }

    [OwnServerFact]
    public async Task Unknown_commands_and_wrong_arity_are_reported_before_noauth_as_in_redis()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal("-ERR unknown command 'FOO', with args beginning with: 'bar' ", await client.SendAsync("FOO", "bar"));
        Assert.Equal("-ERR wrong number of arguments for 'get' command", await client.SendAsync("GET"));
        Assert.Equal("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.", await client.SendAsync("CLIENT", "FOO"));
    }

    [OwnServerFact]
    public async Task Wrong_passwords_and_unknown_or_disabled_users_get_wrongpass()
    {
        await using var client = await server.ConnectAsync();
        var failedBefore = server.Server.Context.Security.FailedAuthentications;

        Assert.Equal(WrongPass, await client.SendAsync("AUTH", "nope"));
        Assert.Equal(WrongPass, await client.SendAsync("AUTH", "default", "nope"));
        Assert.Equal(WrongPass, await client.SendAsync("AUTH", "nosuchuser", SecuredServer.Password));
        Assert.Equal(WrongPass, await client.SendAsync("AUTH", "off", SecuredServer.OpsPassword));
        Assert.Equal(WrongPass, await client.SendAsync("AUTH", "app", SecuredServer.OpsPassword));
        Assert.Equal("-ERR syntax error", await client.SendAsync("AUTH", "a", "b", "c"));
        Assert.Equal(NoAuth, await client.SendAsync("GET", "k"));
        Assert.True(server.Server.Context.Security.FailedAuthentications >= failedBefore + 5);
    }

    [OwnServerFact]
    public async Task Auth_with_one_or_two_arguments_signs_in()
    {
        await using var byPassword = await server.ConnectAsync();
        await using var byUser = await server.ConnectAsync();

        Assert.Equal("+OK", await byPassword.SendAsync("AUTH", SecuredServer.Password));
        Assert.Equal("default", await byPassword.SendAsync("ACL", "WHOAMI"));
        Assert.Equal("+OK", await byUser.SendAsync("AUTH", "ops", SecuredServer.OpsPassword));
        Assert.Equal("ops", await byUser.SendAsync("ACL", "WHOAMI"));
        // A failed AUTH later keeps the user already signed in, as in Redis.
        Assert.Equal(WrongPass, await byUser.SendAsync("AUTH", "default", "wrong"));
        Assert.Equal("ops", await byUser.SendAsync("ACL", "WHOAMI"));
    }

    [OwnServerFact]
    public async Task Hello_needs_auth_and_can_authenticate_and_name_the_connection_at_once()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal(HelloNoAuth, await client.SendAsync("HELLO"));
        Assert.Equal(HelloNoAuth, await client.SendAsync("HELLO", "3"));
        Assert.Equal("-ERR Syntax error in HELLO option 'AUTH'", await client.SendAsync("HELLO", "3", "AUTH", "default"));
        Assert.Equal("-NOPROTO unsupported protocol version", await client.SendAsync("HELLO", "4", "AUTH", "default", "x"));
        Assert.Equal(WrongPass, await client.SendAsync("HELLO", "3", "AUTH", "default", "wrong"));
        Assert.Equal(NoAuth, await client.SendAsync("PING"));

        var hello = await client.CallAsync("HELLO", "3", "AUTH", "app", SecuredServer.AppPassword, "SETNAME", "worker-1");

        Assert.Equal('%', hello.Type);
        Assert.Contains("proto: :3", hello.ToString());
        Assert.Equal(NoPermCommandWhoAmI, await client.SendAsync("ACL", "WHOAMI"));
        await using var admin = await server.ConnectAsAsync("default", SecuredServer.Password);
        Assert.Contains("name=worker-1 ", await admin.SendAsync("CLIENT", "LIST"));
        Assert.Contains(" user=app ", await admin.SendAsync("CLIENT", "LIST"));
    }

    [OwnServerFact]
    public async Task Hello_options_act_left_to_right_as_in_redis()
    {
        await using var nameFirst = await server.ConnectAsync();
        await using var authFirst = await server.ConnectAsync();
        const string BadName = "-ERR Client names cannot contain spaces, newlines or special characters.";

        Assert.Equal(BadName, await nameFirst.SendAsync("HELLO", "3", "SETNAME", "a b", "AUTH", "ops", SecuredServer.OpsPassword));
        Assert.Equal(NoAuth, await nameFirst.SendAsync("PING"));
        Assert.Equal(BadName, await authFirst.SendAsync("HELLO", "3", "AUTH", "ops", SecuredServer.OpsPassword, "SETNAME", "a b"));
        // Signed in by the AUTH that came first, but the protocol did not switch: a RESP2 null, not RESP3's "_".
        Assert.Equal("ops", await authFirst.SendAsync("ACL", "WHOAMI"));
        Assert.Equal('$', (await authFirst.CallAsync("GET", "missing-key")).Type);
    }

    [OwnServerFact]
    public async Task Reset_signs_the_connection_out()
    {
        await using var client = await server.ConnectAsAsync("ops", SecuredServer.OpsPassword);

        Assert.Equal("+RESET", await client.SendAsync("RESET"));
        Assert.Equal(NoAuth, await client.SendAsync("GET", "k"));
    }

    [OwnServerFact]
    public async Task Client_list_shows_the_authenticated_user_and_never_a_password()
    {
        await using var app = await server.ConnectAsAsync("app", SecuredServer.AppPassword);
        await using var admin = await server.ConnectAsAsync("default", SecuredServer.Password);
        // HELLO is a no-auth command, so the app user may run it; its reply holds the connection id.
        var appId = (await app.CallAsync("HELLO")).Items![7].ToString();

        Assert.StartsWith("-NOPERM", await app.SendAsync("CLIENT", "LIST"));
        var list = await admin.SendAsync("CLIENT", "LIST");

        var line = list.Split('\n').Single(l => l.StartsWith($"id={appId.TrimStart(':')} ", StringComparison.Ordinal));
        Assert.Contains(" user=app ", line);
        Assert.Contains(" user=default ", list);
        Assert.DoesNotContain(SecuredServer.AppPassword, list);
        Assert.DoesNotContain(SecuredServer.Password, list);
    }

    [OwnServerFact]
    public async Task Unauthenticated_requests_are_capped_at_10_arguments_with_redis_protocol_error()
    {
        await using var client = await server.ConnectAsync();

        await client.WriteAsync("*11\r\n");

        Assert.Equal("-ERR Protocol error: unauthenticated multibulk length", (await client.ReadAsync()).ToString());
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(10)));
    }

    [OwnServerFact]
    public async Task Unauthenticated_bulk_strings_are_capped_at_16_kb()
    {
        await using var atLimit = await server.ConnectAsync();
        await using var overLimit = await server.ConnectAsync();

        Assert.Equal(NoAuth, await atLimit.SendAsync("ECHO", new string('x', 16384)));
        await overLimit.WriteAsync("*2\r\n$4\r\nECHO\r\n$16385\r\n");

        Assert.Equal("-ERR Protocol error: unauthenticated bulk length", (await overLimit.ReadAsync()).ToString());
        Assert.True(await overLimit.IsClosedByServerAsync(TimeSpan.FromSeconds(10)));
    }

    [OwnServerFact]
    public async Task After_auth_the_normal_limits_apply_even_within_one_pipelined_write()
    {
        await using var client = await server.ConnectAsync();
        var value = new string('v', 100_000);
        var keys = Enumerable.Range(0, 12).SelectMany(i => new[] { $"app:big{i}", "x" }).ToArray();

        await client.WriteAsync([.. RespConnection.Encode("AUTH", "ops", SecuredServer.OpsPassword),
            .. RespConnection.Encode("SET", "app:big", value), .. RespConnection.Encode(["MSET", .. keys])]);

        Assert.Equal("+OK", (await client.ReadAsync()).ToString());
        Assert.Equal("+OK", (await client.ReadAsync()).ToString());
        Assert.Equal("+OK", (await client.ReadAsync()).ToString());
        Assert.Equal(value.Length.ToString(), (await client.SendAsync("STRLEN", "app:big")).TrimStart(':'));
    }
}
