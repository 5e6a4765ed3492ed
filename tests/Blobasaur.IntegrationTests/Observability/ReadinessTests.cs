using System.Net;
using Blobasaur.Cluster;
using Blobasaur.Commands;
using Blobasaur.Config;
using Blobasaur.Server.Observability;
using Blobasaur.Storage;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>/health/ready follows the server's state: 503 until storage is open and, in cluster mode, until cluster_state is ok.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "blobasaur-ready-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private BlobStore? _store;

    [OwnServerFact]
    public async Task Ready_is_503_until_storage_is_open_while_live_is_200()
    {
        var context = new ServerContext(Config(cluster: false), TimeProvider.System, NullLoggerFactory.Instance);
        using var observers = context.Observers;
        await using var endpoint = await MetricsEndpoint.StartAsync(context, "127.0.0.1:0", NullLoggerFactory.Instance, default);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "/health/live"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(endpoint, "/health/ready"));
        Assert.Contains("blobasaur_ready 0", await _http.GetStringAsync(new Uri(endpoint.Address, "/metrics")));

        context.Store = _store = BlobStore.Open(Config(cluster: false), TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "/health/ready"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "/health"));
    }

    [OwnServerFact]
    public async Task In_cluster_mode_ready_waits_for_cluster_state_ok()
    {
        var config = Config(cluster: true);
        var context = new ServerContext(config, TimeProvider.System, NullLoggerFactory.Instance);
        using var observers = context.Observers;
        context.Store = _store = BlobStore.Open(config, TimeProvider.System, NullLoggerFactory.Instance);
        await using var endpoint = await MetricsEndpoint.StartAsync(context, "127.0.0.1:0", NullLoggerFactory.Instance, default);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(endpoint, "/health/ready")); // no cluster layer yet
        var cluster = new FakeCluster { View = FakeCluster.ViewWith(isOk: false) };
        context.Cluster = cluster;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(endpoint, "/health/ready"));
        using (var body = await _http.GetAsync(new Uri(endpoint.Address, "/health/ready")))
            Assert.Equal("cluster_state:fail\n", await body.Content.ReadAsStringAsync());

        cluster.View = FakeCluster.ViewWith(isOk: true);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "/health/ready"));
        var metrics = await _http.GetStringAsync(new Uri(endpoint.Address, "/metrics"));
        Assert.Contains("blobasaur_cluster_peers{state=\"ok\"} 1", metrics);
        Assert.Contains("blobasaur_gossip_messages_total{direction=\"sent\",type=\"ping\"} 5", metrics);
    }

    private async Task<HttpStatusCode> StatusAsync(MetricsEndpoint endpoint, string path)
    {
        using var response = await _http.GetAsync(new Uri(endpoint.Address, path));
        return response.StatusCode;
    }

    private BlobasaurConfig Config(bool cluster) => new()
    {
        DataDir = _dataDir,
        Cluster = new ClusterSection { Enabled = cluster, NodeId = "n1", Port = 17000 },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_store is not null) await _store.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Only <see cref="View"/> is read by readiness and metrics; the rest is never called here.</summary>
    private sealed class FakeCluster : IClusterService
    {
        public ClusterView View { get; set; } = null!;

        public static ClusterView ViewWith(bool isOk) => new(new string('a', 40), 1, isOk,
            [new ClusterNodeView(new string('a', 40), "127.0.0.1", 7000, 17000, null, NodeFlags.Myself | NodeFlags.Primary, null, 0, 0, 1,
                true, [new SlotSpan(0, 16383)])],
            new ClusterMessageStats(new Dictionary<string, long> { ["ping"] = 5 }, new Dictionary<string, long> { ["pong"] = 4 }));

        public bool IsSlotReachable(int slot) => true;
        public string? AddSlots(IReadOnlyList<int> slots) => throw new NotSupportedException();
        public string? DelSlots(IReadOnlyList<int> slots) => throw new NotSupportedException();
        public string? FlushSlots() => throw new NotSupportedException();
        public string? Meet(string ip, int port, int clusterPort) => throw new NotSupportedException();
        public string? Forget(string nodeId) => throw new NotSupportedException();
        public string? Reset(bool hard) => throw new NotSupportedException();
        public string? SetConfigEpoch(long epoch) => throw new NotSupportedException();
        public (bool Bumped, long Epoch) BumpEpoch() => throw new NotSupportedException();
        public string? SaveConfig() => throw new NotSupportedException();
    }
}
