using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>ACL users from the configuration: -NOPERM for commands and keys (Redis 7.0.15's words), ACL WHOAMI/USERS/LIST/CAT.</summary>
public sealed class AclTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    private const string NoPermKeys = "-NOPERM this user has no permissions to access one of the keys used as arguments";

    private static string NoPermCommand(string name) => $"-NOPERM this user has no permissions to run the '{name}' command";

    [OwnServerFact]
    public async Task Command_rules_allow_and_deny_with_redis_errors()
    {
        await using var app = await server.ConnectAsAsync("app", SecuredServer.AppPassword);

        Assert.Equal("+OK", await app.SendAsync("SET", "app:1", "v"));
        Assert.Equal("v", await app.SendAsync("GET", "app:1"));
        Assert.Equal(NoPermCommand("del"), await app.SendAsync("DEL", "app:1"));
        Assert.Equal(NoPermCommand("flushall"), await app.SendAsync("FLUSHALL"));
        Assert.Equal(NoPermCommand("info"), await app.SendAsync("INFO"));
        Assert.Equal(NoPermCommand("acl|whoami"), await app.SendAsync("ACL", "WHOAMI"));
        Assert.Equal(NoPermCommand("config|get"), await app.SendAsync("CONFIG", "GET", "timeout"));
        Assert.Equal("v", await app.SendAsync("GET", "app:1"));
    }

    [OwnServerFact]
    public async Task Key_patterns_are_checked_on_every_key_position()
    {
        await using var app = await server.ConnectAsAsync("app", SecuredServer.AppPassword);

        Assert.Equal(NoPermKeys, await app.SendAsync("GET", "other"));
        Assert.Equal(NoPermKeys, await app.SendAsync("MGET", "app:1", "other"));
        Assert.Equal(NoPermKeys, await app.SendAsync("EXISTS", "app:1", "app:2", "other"));
        Assert.Equal(":0", await app.SendAsync("EXISTS", "app:none1", "app:none2"));
        // Hash commands: the namespace is the key that is checked.
        Assert.Equal(":1", await app.SendAsync("HSET", "app:ns", "field", "v"));
        Assert.Equal(NoPermKeys, await app.SendAsync("HSET", "other:ns", "field", "v"));
        Assert.Equal(NoPermKeys, await app.SendAsync("HGET", "other:ns", "field"));
        Assert.Equal("v", await app.SendAsync("HGET", "app:ns", "field"));
    }

    [OwnServerFact]
    public async Task Category_minus_rule_removes_admin_commands_and_a_single_command()
    {
        await using var ops = await server.ConnectAsAsync("ops", SecuredServer.OpsPassword);

        Assert.Equal("+OK", await ops.SendAsync("SET", "anything", "v"));
        Assert.Equal(":1", await ops.SendAsync("DEL", "anything"));
        Assert.Equal(NoPermCommand("flushall"), await ops.SendAsync("FLUSHALL"));
        Assert.Equal(NoPermCommand("client|list"), await ops.SendAsync("CLIENT", "LIST"));
        Assert.Equal(NoPermCommand("acl|list"), await ops.SendAsync("ACL", "LIST"));
        Assert.Equal("ops", await ops.SendAsync("ACL", "WHOAMI"));
    }

    [OwnServerFact]
    public async Task Acl_users_and_list_show_every_user_with_digests_only()
    {
        await using var admin = await server.ConnectAsAsync("default", SecuredServer.Password);

        Assert.Equal("[app, default, off, ops]", await admin.SendAsync("ACL", "USERS"));
        var list = (await admin.CallAsync("ACL", "LIST")).Items!.Select(i => i.AsString()).ToList();

        Assert.Equal(
        [
            $"user app on #{SecuredServer.Sha(SecuredServer.AppPassword)} ~app:* resetchannels -@all +@read +set +hset",
            $"user default on #{SecuredServer.Sha(SecuredServer.Password)} ~* &* +@all",
            $"user off off #{SecuredServer.Sha(SecuredServer.OpsPassword)} ~* resetchannels +@all",
            $"user ops on #{SecuredServer.Sha(SecuredServer.OpsPassword)} ~* resetchannels +@all -@admin -flushall",
        ], list);
        Assert.DoesNotContain(list, l => l.Contains(SecuredServer.Password, StringComparison.Ordinal));
    }

    [OwnServerFact]
    public async Task Acl_cat_lists_commands_consistently_with_what_the_rules_allow()
    {
        await using var admin = await server.ConnectAsAsync("default", SecuredServer.Password);
        await using var app = await server.ConnectAsAsync("app", SecuredServer.AppPassword);

        var read = (await admin.CallAsync("ACL", "CAT", "read")).Items!.Select(i => i.AsString()).ToList();

        Assert.Contains("get", read);
        Assert.Contains("hgetall", read);
        Assert.DoesNotContain("set", read);
        // The app user has +@read: every command ACL CAT read lists passes the command check (keys aside).
        foreach (var command in read.Where(c => !c.Contains('|')))
            Assert.DoesNotContain("no permissions to run", await app.SendAsync(command.ToUpperInvariant(), "app:x", "f", "g"));
    }

    [OwnServerFact]
    public async Task Acl_container_errors_match_redis()
    {
        await using var admin = await server.ConnectAsAsync("default", SecuredServer.Password);

        Assert.Equal("-ERR wrong number of arguments for 'acl' command", await admin.SendAsync("ACL"));
        Assert.Equal("-ERR unknown subcommand 'FOO'. Try ACL HELP.", await admin.SendAsync("ACL", "FOO"));
        Assert.StartsWith("[+ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", await admin.SendAsync("ACL", "HELP"));
    }
}
