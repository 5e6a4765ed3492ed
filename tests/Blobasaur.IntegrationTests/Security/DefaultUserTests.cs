using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>
/// A server without a password, like CI's reference redis-server: AUTH and ACL replies for the nopass default user.
/// These run unchanged against redis-server 7.0.15 (RedisCompat).
/// </summary>
public sealed class DefaultUserTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Auth_with_only_a_password_says_none_is_configured()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal("-ERR AUTH <password> called without any password configured for the default user. Are you sure your "
            + "configuration is correct?", await client.SendAsync("AUTH", "anything"));
        Assert.Equal("+PONG", await client.SendAsync("PING"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task The_nopass_default_user_accepts_any_password_and_unknown_users_are_refused()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal("+OK", await client.SendAsync("AUTH", "default", "anything"));
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.", await client.SendAsync("AUTH", "nosuch", "x"));
        Assert.Equal('*', (await client.CallAsync("HELLO", "2", "AUTH", "default", "whatever")).Type);
        Assert.Equal("default", await client.SendAsync("ACL", "WHOAMI"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Acl_users_list_and_cat_describe_the_default_user()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal("[default]", await client.SendAsync("ACL", "USERS"));
        Assert.Equal("[user default on nopass ~* &* +@all]", await client.SendAsync("ACL", "LIST"));
        Assert.Equal("[keyspace, read, write, set, sortedset, list, hash, string, bitmap, hyperloglog, geo, stream, pubsub, admin, "
            + "fast, slow, blocking, dangerous, connection, transaction, scripting]", await client.SendAsync("ACL", "CAT"));
        Assert.Equal("-ERR Unknown category 'nope'", await client.SendAsync("ACL", "CAT", "nope"));
        var strings = (await client.CallAsync("ACL", "CAT", "string")).Items!.Select(i => i.AsString()).ToList();
        Assert.Contains("get", strings);
        Assert.Contains("mset", strings);
        Assert.DoesNotContain("hget", strings);
    }
}
