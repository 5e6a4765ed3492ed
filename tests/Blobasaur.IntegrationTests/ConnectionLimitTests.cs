using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>
/// The idle timeout and maxclients, both changed at run time with CONFIG SET.
/// Ours only: they change server-wide settings.
/// </summary>
public sealed class ConnectionLimitTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [OwnServerFact]
    public async Task Idle_connection_is_closed_after_the_timeout_set_with_config_set()
    {
        await using var admin = await server.ConnectAsync();
        Assert.Equal("+OK", await admin.SendAsync("CONFIG", "SET", "timeout", "1"));
        try
        {
            await using var idle = await server.ConnectAsync();
            Assert.Equal("+PONG", await idle.SendAsync("PING"));

            Assert.True(await idle.IsClosedByServerAsync(TimeSpan.FromSeconds(10)), "idle connection still open after 10 s");
        }
        finally
        {
            await using var restore = await server.ConnectAsync();
            Assert.Equal("+OK", await restore.SendAsync("CONFIG", "SET", "timeout", "0"));
        }
    }

    [OwnServerFact]
    public async Task Connection_over_maxclients_gets_the_redis_error_and_is_closed()
    {
        await using var admin = await server.ConnectAsync();
        var connected = server.Server.Context.Clients.Count;
        Assert.Equal("+OK", await admin.SendAsync("CONFIG", "SET", "maxclients", connected.ToString()));
        try
        {
            await using var rejected = await server.ConnectAsync();

            Assert.Equal("-ERR max number of clients reached", (await rejected.ReadAsync()).ToString());
            Assert.True(await rejected.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal("+PONG", await admin.SendAsync("PING"));
        }
        finally
        {
            Assert.Equal("+OK", await admin.SendAsync("CONFIG", "SET", "maxclients", "10000"));
        }

        await using var accepted = await server.ConnectAsync();
        Assert.Equal("+PONG", await accepted.SendAsync("PING"));
    }
}
