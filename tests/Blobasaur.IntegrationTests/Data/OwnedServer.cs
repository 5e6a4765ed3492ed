using Blobasaur.Config;
using Blobasaur.Server;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>
/// An in-process server that a test owns, so it can stop it and start another on the same data directory (restart tests).
/// <see cref="TestServer"/> is shared by a class and never restarts.
/// </summary>
public sealed class OwnedServer : IAsyncDisposable
{
    private BlobasaurServer? _server;

    private OwnedServer(string dataDir, Func<BlobasaurConfig, BlobasaurConfig> configure)
    {
        DataDir = dataDir;
        Configure = configure;
    }

    public string DataDir { get; }
    public Func<BlobasaurConfig, BlobasaurConfig> Configure { get; }
    public int Port => _server?.EndPoint.Port ?? throw new InvalidOperationException("not running");

    /// <summary>Starts a server on a fresh temporary data directory.</summary>
    public static async Task<OwnedServer> StartAsync(Func<BlobasaurConfig, BlobasaurConfig>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "blobasaur-owned-" + Guid.NewGuid().ToString("N"));
        var owned = new OwnedServer(dir, configure ?? (c => c));
        await owned.StartServerAsync();
        return owned;
    }

    /// <summary>A new server on the same directory, as a process restart would see it (connections are dropped).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartServerAsync();
    }

    /// <summary>Stops the server; its queued writes are committed and the directory lock released.</summary>
    public async Task StopAsync()
    {
        if (_server is null) return;
        await _server.DisposeAsync();
        _server = null;
    }

    /// <summary>The server this directory would get with another configuration (the caller starts and disposes it).</summary>
    public BlobasaurServer CreateWith(Func<BlobasaurConfig, BlobasaurConfig> configure) =>
        new(configure(BaseConfig()), NullLoggerFactory.Instance);

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync("127.0.0.1", Port);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartServerAsync()
    {
        var server = new BlobasaurServer(Configure(BaseConfig()), NullLoggerFactory.Instance);
        await server.StartAsync();
        _server = server;
    }

    private BlobasaurConfig BaseConfig() => new() { Addr = "127.0.0.1:0", DataDir = DataDir };
}
