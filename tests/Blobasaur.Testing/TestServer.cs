using Xunit;
using Blobasaur.Config;
using Blobasaur.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Testing;

/// <summary>
/// A real server on 127.0.0.1, port 0, with a temporary data directory, shared by a test class (IClassFixture).
/// With BLOBASAUR_TEST_TARGET=host:port set, tests talk to that server instead (Debian's redis-server, to prove our replies match).
/// </summary>
public class TestServer : IAsyncLifetime
{
    public static string? ExternalTarget => Environment.GetEnvironmentVariable("BLOBASAUR_TEST_TARGET") is { Length: > 0 } t ? t : null;

    private BlobasaurServer? _server;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "blobasaur-test-" + Guid.NewGuid().ToString("N"));

    public string Host { get; private set; } = "127.0.0.1";
    public int Port { get; private set; }

    public bool IsExternal => ExternalTarget is not null;

    public BlobasaurServer Server => _server ?? throw new InvalidOperationException("external target: no in-process server");

    protected virtual BlobasaurConfig Configure(BlobasaurConfig config) => config;

    /// <summary>The server's clock; override with a FakeTimeProvider for TTL tests (null: the system clock).</summary>
    protected virtual TimeProvider? Time => null;

    public virtual async Task InitializeAsync()
    {
        if (ExternalTarget is { } target)
        {
            var colon = target.LastIndexOf(':');
            Host = target[..colon];
            Port = int.Parse(target[(colon + 1)..]);
            return;
        }

        var config = Configure(new BlobasaurConfig { Addr = "127.0.0.1:0", DataDir = DataDir });
        _server = new BlobasaurServer(config, NullLoggerFactory.Instance, Time);
        await _server.StartAsync();
        Port = _server.EndPoint.Port;
    }

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync(Host, Port);

    public virtual async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try
        {
            if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
