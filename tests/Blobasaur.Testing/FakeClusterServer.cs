using System.Text;
using Blobasaur.Config;
using Blobasaur.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Blobasaur.Testing;

/// <summary>
/// A real server in cluster mode (cluster.enabled = true) whose cluster layer is a <see cref="FakeClusterService"/>, injected
/// before StartAsync so the hosting layer keeps it instead of opening a real ClusterNode. One per test class (IClassFixture);
/// tests set <see cref="Cluster"/>'s view as they need.
/// </summary>
public class FakeClusterServer : IAsyncLifetime
{
    private BlobasaurServer? _server;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "blobasaur-cluster-test-" + Guid.NewGuid().ToString("N"));

    public FakeClusterService Cluster { get; } = new(ClusterViews.ThreeNodes());

    public BlobasaurServer Server => _server ?? throw new InvalidOperationException("not started");

    public int Port { get; private set; }

    /// <summary>cluster.namespace_strategy of this server.</summary>
    protected virtual string NamespaceStrategy => "namespace";

    public async Task InitializeAsync()
    {
        var config = new BlobasaurConfig
        {
            Addr = "127.0.0.1:0",
            DataDir = DataDir,
            Cluster = new ClusterSection { Enabled = true, NodeId = "test", Port = 1, NamespaceStrategy = NamespaceStrategy },
        };
        _server = new BlobasaurServer(config, NullLoggerFactory.Instance);
        _server.Context.Cluster = Cluster;
        await _server.StartAsync();
        Port = _server.EndPoint.Port;
    }

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync("127.0.0.1", Port);

    /// <summary>Sends a command and reads exactly as many bytes as <paramref name="expected"/> has, as Latin-1 text.</summary>
    public static async Task<string> RawAsync(RespConnection conn, string expected, params object[] args)
    {
        await conn.WriteAsync(RespConnection.Encode(args));
        return Encoding.Latin1.GetString(await conn.ReadExactAsync(Encoding.Latin1.GetByteCount(expected)));
    }

    public async Task DisposeAsync()
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
