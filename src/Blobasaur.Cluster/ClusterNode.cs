using Blobasaur.Config;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Cluster;

/// <summary>
/// This node's membership in a cluster: identity, gossip, failure detection, slot ownership and its persisted state.
/// The hosting layer opens it before the client listener starts and disposes it after the listener stops.
/// (Skeleton: the implementation lands with the cluster-core work; the signatures are the contract.)
/// </summary>
public sealed class ClusterNode : IClusterService, IAsyncDisposable
{
    private ClusterNode() => throw new NotSupportedException("cluster mode is not implemented yet");

    /// <summary>Loads (or creates) the persisted state under the data directory and prepares the gossip transport.</summary>
    public static ClusterNode Open(ClusterOptions options, TimeProvider time, ILoggerFactory loggers) =>
        throw new NotSupportedException("cluster mode is not implemented yet");

    /// <summary>Binds the gossip port and starts gossiping with the seeds.</summary>
    public Task StartAsync(CancellationToken cancellation = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ClusterView View => throw new NotSupportedException();
    public bool IsSlotReachable(int slot) => throw new NotSupportedException();
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

/// <summary>Everything the cluster layer needs from the configuration and the hosting layer.</summary>
/// <param name="ClientPort">The bound RESP port (known once the listener is bound).</param>
/// <param name="StateDirectory">Where the cluster state file lives (inside the data directory).</param>
public sealed record ClusterOptions(ClusterSection Settings, string ListenHost, int ClientPort, string StateDirectory)
{
    public static ClusterOptions FromConfig(BlobasaurConfig config, string listenHost, int clientPort) =>
        new(config.Cluster, listenHost, clientPort, Path.Combine(config.DataDir, "cluster"));
}
