using Blobasaur.Testing;
using StackExchange.Redis;

namespace Blobasaur.IntegrationTests;

/// <summary>StackExchange.Redis 1.2.6 (the newest version this mirror restores) connects and runs commands against our server.</summary>
public sealed class StackExchangeRedisTests(ServerFixture server) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;
    private readonly string _name = "se-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() =>
        _redis = await ConnectionMultiplexer.ConnectAsync(
            $"{server.Host}:{server.Port},abortConnect=false,connectTimeout=5000,allowAdmin=true,name={_name}");

    public Task DisposeAsync()
    {
        _redis.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Multiplexer_is_connected()
    {
        Assert.True(_redis.IsConnected, _redis.GetStatus());
    }

    [Fact]
    public async Task Ping_round_trips()
    {
        var latency = await _redis.GetDatabase().PingAsync();

        Assert.True(latency >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Echo_returns_the_bytes_sent()
    {
        byte[] payload = [0xff, 0x00, 0xc3, 0x28, (byte)'\r', (byte)'\n'];

        var reply = await _redis.GetDatabase().ExecuteAsync("ECHO", (RedisValue)payload);

        Assert.Equal(payload, (byte[])reply!);
    }

    [Fact]
    public async Task Execute_of_server_commands_works()
    {
        var db = _redis.GetDatabase();

        Assert.Equal("PONG", (string)(await db.ExecuteAsync("PING"))!);
        Assert.Equal("hi", (string)db.Execute("ECHO", "hi")!);
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("NOSUCH"));
        Assert.StartsWith("ERR unknown command 'NOSUCH'", error.Message);
    }

    [Fact]
    public void Server_info_parses_into_sections()
    {
        var info = _redis.GetServer(server.Host, server.Port).Info();

        var serverSection = Assert.Single(info, g => g.Key == "Server");
        Assert.Contains(serverSection, kv => kv.Key == "redis_version" && kv.Value == "7.0.15");
        Assert.Contains(info, g => g.Key == "Cluster" && g.Any(kv => kv.Key == "cluster_enabled" && kv.Value == "0"));
    }

    [Fact]
    public void Server_is_seen_as_a_standalone_master()
    {
        var endpoint = _redis.GetServer(server.Host, server.Port);

        Assert.False(endpoint.IsSlave);
        Assert.Equal(ServerType.Standalone, endpoint.ServerType);
        Assert.Equal(new Version(7, 0, 15), endpoint.Version);
    }

    [Fact]
    public async Task Client_list_shows_the_multiplexer_connections()
    {
        await using var conn = await server.ConnectAsync();

        // The interactive and the subscription connection both name themselves; the second may still be handshaking.
        Assert.True(await Eventually.TrueAsync(
            async () => (await conn.SendAsync("CLIENT", "LIST")).Split('\n').Count(l => l.Contains($" name={_name} ")) >= 2,
            TimeSpan.FromSeconds(5)), await conn.SendAsync("CLIENT", "LIST"));
    }

    [Fact]
    public void Server_client_list_via_the_library_includes_our_name()
    {
        var clients = _redis.GetServer(server.Host, server.Port).ClientList();

        Assert.Contains(clients, c => c.Name == _name);
    }
}
