using Blobasaur.Config;
using Blobasaur.Server;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.IntegrationTests.Maintenance;

/// <summary>An in-process server on a given data directory and shard count (port 0), for the maintenance tests.</summary>
internal sealed class LocalServer : IAsyncDisposable
{
    private readonly BlobasaurServer _server;

    private LocalServer(BlobasaurServer server) => _server = server;

    public int Port => _server.EndPoint.Port;

    public BlobasaurServer Server => _server;

    public static async Task<LocalServer> StartAsync(string dataDir, int shards, bool asyncWrite = false)
    {
        var config = new BlobasaurConfig { Addr = "127.0.0.1:0", DataDir = dataDir, NumShards = shards, AsyncWrite = asyncWrite };
        var server = new BlobasaurServer(config, NullLoggerFactory.Instance);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return new LocalServer(server);
    }

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync("127.0.0.1", Port);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("blobasaur-maint-").FullName;

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
