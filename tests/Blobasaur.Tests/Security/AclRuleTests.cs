using System.Security.Cryptography;
using System.Text;
using Blobasaur.Commands;
using Blobasaur.Commands.Security;
using Blobasaur.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Security;

/// <summary>ACL rule evaluation: categories from the command table, rules left to right, key patterns on every key position.</summary>
public sealed class AclRuleTests
{
    private static readonly CommandTable Table = CommandTable.CreateDefault();

    private static string Sha(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    private static AclUser User(string[] commands, string[]? keys = null) =>
        AclCompiler.Compile(new UserConfig { Name = "u", PasswordSha256 = [Sha("pw")], Commands = commands, Keys = keys ?? ["*"] }, Table);

    private static CommandDefinition Row(string command, string? sub = null)
    {
        Assert.True(Table.TryGet(Encoding.UTF8.GetBytes(command), out var row), command);
        if (sub is null) return row;
        Assert.True(Table.TryGetSubcommand(row, Encoding.UTF8.GetBytes(sub), out var subRow), sub);
        return subRow;
    }

    private static byte[][] Args(params string[] args) => args.Select(Encoding.UTF8.GetBytes).ToArray();

    [Fact]
    public void A_new_user_runs_nothing()
    {
        var user = User([]);

        Assert.False(user.CanRun(Row("GET")));
        Assert.Equal("-@all", user.Description);
    }

    [Fact]
    public void Read_category_allows_reads_and_not_writes()
    {
        var user = User(["+@read"]);

        Assert.True(user.CanRun(Row("GET")));
        Assert.True(user.CanRun(Row("HGETALL")));
        Assert.True(user.CanRun(Row("MGET")));
        Assert.False(user.CanRun(Row("SET")));
        Assert.False(user.CanRun(Row("DEL")));
    }

    [Fact]
    public void Rules_apply_left_to_right()
    {
        var removedLater = User(["+@all", "-flushall", "-@admin"]);
        var addedBack = User(["-@all", "+@write", "-set", "+set"]);

        Assert.True(removedLater.CanRun(Row("FLUSHDB")));
        Assert.False(removedLater.CanRun(Row("FLUSHALL")));
        Assert.False(removedLater.CanRun(Row("CONFIG", "SET")));
        Assert.False(removedLater.AllCommands);
        Assert.True(addedBack.CanRun(Row("SET")));
        Assert.False(addedBack.CanRun(Row("GET")));
    }

    [Fact]
    public void A_command_rule_covers_all_subcommands_and_a_subcommand_rule_only_itself()
    {
        var whole = User(["+client"]);
        var one = User(["+client|id"]);

        Assert.True(whole.CanRun(Row("CLIENT", "LIST")));
        Assert.True(whole.CanRun(Row("CLIENT", "KILL")));
        Assert.True(one.CanRun(Row("CLIENT", "ID")));
        Assert.False(one.CanRun(Row("CLIENT", "LIST")));
    }

    [Fact]
    public void Allcommands_and_nocommands_are_aliases()
    {
        Assert.True(User(["allcommands"]).AllCommands);
        Assert.Equal("+@all", User(["allcommands"]).Description);
        Assert.False(User(["allcommands", "nocommands"]).CanRun(Row("PING")));
    }

    [Theory]
    [InlineData("+@nope")]
    [InlineData("+nosuchcommand")]
    [InlineData("+client|nosuch")]
    [InlineData("get")]
    public void An_unknown_rule_stops_startup_naming_the_user_and_the_rule(string rule)
    {
        var ex = Assert.Throws<ConfigException>(() => User([rule]));

        Assert.Equal("users", ex.Key);
        Assert.Contains("user 'u'", ex.Message);
        Assert.Contains($"'{rule}'", ex.Message);
    }

    [Fact]
    public void Every_key_position_is_checked()
    {
        var user = User(["+@all"], ["app:*"]);

        Assert.True(user.CanAccessKeys(Row("MGET"), Args("MGET", "app:1", "app:2")));
        Assert.False(user.CanAccessKeys(Row("MGET"), Args("MGET", "app:1", "other")));
        Assert.False(user.CanAccessKeys(Row("DEL"), Args("DEL", "other", "app:1")));
        // MSET: keys at 1, 3, 5; the values are not keys.
        Assert.True(user.CanAccessKeys(Row("MSET"), Args("MSET", "app:1", "x", "app:2", "y")));
        Assert.False(user.CanAccessKeys(Row("MSET"), Args("MSET", "app:1", "x", "b", "y")));
    }

    [Fact]
    public void The_namespace_of_a_hash_command_is_its_key()
    {
        var user = User(["+@all"], ["~tenant1:*"]);

        Assert.True(user.CanAccessKeys(Row("HGET"), Args("HGET", "tenant1:users", "anything")));
        Assert.False(user.CanAccessKeys(Row("HSET"), Args("HSET", "tenant2:users", "k", "v")));
    }

    [Fact]
    public void Keyless_commands_pass_the_key_check_and_allkeys_allows_every_key()
    {
        var restricted = User(["+@all"], ["app:*"]);
        var all = User(["+@all"], ["allkeys"]);

        Assert.True(restricted.CanAccessKeys(Row("DBSIZE"), Args("DBSIZE")));
        Assert.True(all.AllKeys);
        Assert.True(all.CanAccessKeys(Row("GET"), Args("GET", "anything")));
        Assert.False(User(["+@all"], []).CanAccessKeys(Row("GET"), Args("GET", "x")));
    }

    [Fact]
    public void Passwords_match_by_digest_and_disabled_users_never_authenticate()
    {
        var user = User(["+@all"]);
        var disabled = AclCompiler.Compile(new UserConfig { Name = "d", Enabled = false, NoPass = true }, Table);
        var noPass = AclCompiler.Compile(new UserConfig { Name = "n", NoPass = true }, Table);
        var noPassword = AclCompiler.Compile(new UserConfig { Name = "x" }, Table);

        Assert.True(user.Accepts("pw"u8));
        Assert.False(user.Accepts("pw "u8));
        Assert.False(user.Accepts(""u8));
        Assert.False(disabled.Accepts("anything"u8));
        Assert.True(noPass.Accepts("anything"u8));
        Assert.False(noPassword.Accepts(""u8));
    }

    [Fact]
    public void Acl_list_line_has_the_redis_shape()
    {
        var user = AclCompiler.Compile(new UserConfig
        {
            Name = "app", PasswordSha256 = [Sha("password")], Commands = ["-@all", "+@read", "+set"], Keys = ["app:*"],
        }, Table);

        Assert.Equal("user app on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~app:* resetchannels -@all +@read +set",
            user.ToAclLine());
        Assert.Equal("user default on nopass ~* &* +@all", AclCompiler.DefaultUser(null, Table).ToAclLine());
    }

    [Fact]
    public void Categories_come_from_flags_and_group()
    {
        Assert.Equal(["fast", "read", "string"], AclCategories.Of(Row("GET")).Order());
        Assert.Equal(["fast", "hash", "write"], AclCategories.Of(Row("HMSET")).Order());
        Assert.Equal(["keyspace", "read", "slow"], AclCategories.Of(Row("SCAN")).Order());
        Assert.Contains("dangerous", AclCategories.Of(Row("FLUSHALL")));
        Assert.Contains("keyspace", AclCategories.Of(Row("FLUSHALL")));
        Assert.Contains("admin", AclCategories.Of(Row("CONFIG", "SET")));
        Assert.Contains("connection", AclCategories.Of(Row("COMMAND", "COUNT")));
        Assert.Contains("connection", AclCategories.Of(Row("AUTH")));
        // Every row is either fast or slow, and every category name is one ACL CAT lists.
        foreach (var row in AclCategories.Leaves(Table))
        {
            var categories = AclCategories.Of(row);
            Assert.True(categories.Contains("fast") ^ categories.Contains("slow"), row.FullName);
            Assert.All(categories, c => Assert.Contains(c, AclCategories.All));
        }
    }

    [Fact]
    public void Unauthenticated_connections_may_run_only_no_auth_commands()
    {
        var acl = new AccessControl(new BlobasaurConfig { Server = new ServerSection { RequirePass = "s3cret" } }, Table,
            NullLoggerFactory.Instance);
        var client = new ClientState(1, "127.0.0.1:1", "127.0.0.1:2", 0);

        Assert.True(acl.AuthRequired);
        Assert.Equal("NOAUTH Authentication required.", acl.Check(Row("GET"), Args("GET", "k"), client));
        Assert.Equal("NOAUTH Authentication required.", acl.Check(Row("PING"), Args("PING"), client));
        Assert.Null(acl.Check(Row("AUTH"), Args("AUTH", "x"), client));
        Assert.Null(acl.Check(Row("HELLO"), Args("HELLO"), client));
        Assert.Null(acl.Check(Row("QUIT"), Args("QUIT"), client));
        Assert.Null(acl.Check(Row("RESET"), Args("RESET"), client));
        Assert.False(acl.TryAuthenticate(client, "default", "wrong"u8));
        Assert.Equal(1, acl.FailedAuthentications);
        Assert.True(acl.TryAuthenticate(client, "default", "s3cret"u8));
        Assert.Null(acl.Check(Row("GET"), Args("GET", "k"), client));
    }

    [Fact]
    public void Without_a_password_the_default_user_runs_everything_and_other_users_are_checked()
    {
        var acl = new AccessControl(new BlobasaurConfig
        {
            Users = [new UserConfig { Name = "ro", NoPass = true, Commands = ["+@read"], Keys = ["ro:*"] }],
        }, Table, NullLoggerFactory.Instance);
        var client = new ClientState(1, "127.0.0.1:1", "127.0.0.1:2", 0);

        Assert.False(acl.AuthRequired);
        Assert.Null(acl.Check(Row("FLUSHALL"), Args("FLUSHALL"), client));
        Assert.True(acl.TryAuthenticate(client, "ro", "any"u8));
        Assert.Equal("ro", client.User);
        Assert.Equal("NOPERM this user has no permissions to run the 'flushall' command", acl.Check(Row("FLUSHALL"), Args("FLUSHALL"), client));
        Assert.Equal("NOPERM this user has no permissions to access one of the keys used as arguments",
            acl.Check(Row("GET"), Args("GET", "x"), client));
        Assert.Null(acl.Check(Row("GET"), Args("GET", "ro:x"), client));
        // No-auth commands stay allowed even when the rules leave them out (AUTH to switch user, QUIT, RESET).
        Assert.Null(acl.Check(Row("AUTH"), Args("AUTH", "default", "x"), client));
    }

    [Fact]
    public void Sensitive_commands_are_redacted_for_logs_monitor_and_slowlog()
    {
        Assert.True(AccessControl.IsSensitive("auth"u8));
        Assert.True(AccessControl.IsSensitive("HELLO"u8));
        Assert.False(AccessControl.IsSensitive("GET"u8));

        var redacted = AccessControl.Redact(Args("AUTH", "user", "secret"));
        var hello = AccessControl.Redact(Args("HELLO", "3", "AUTH", "default", "secret"));
        var plain = Args("GET", "k");

        Assert.Equal(["AUTH", "(redacted)", "(redacted)"], redacted.Select(Encoding.UTF8.GetString));
        Assert.Equal(["HELLO", "3", "AUTH", "(redacted)", "(redacted)"], hello.Select(Encoding.UTF8.GetString));
        Assert.Same(plain, AccessControl.Redact(plain));
    }
}
