using Microsoft.Extensions.Logging;

namespace Blobasaur.Cluster;

internal static partial class ClusterLog
{
    [LoggerMessage(5000, LogLevel.Warning,
        "cluster.secret is not set: any host that can reach the gossip port can join the cluster and claim slots. "
        + "Set a secret outside a lab")]
    public static partial void NoSecret(ILogger logger);

    [LoggerMessage(5001, LogLevel.Information, "Cluster node {NodeId} (generation {Generation}) {How}; gossip on port {Port}")]
    public static partial void Opened(ILogger logger, string nodeId, long generation, string how, int port);

    [LoggerMessage(5002, LogLevel.Information, "Node {NodeId} joined ({Address})")]
    public static partial void NodeAdded(ILogger logger, string nodeId, string address);

    [LoggerMessage(5003, LogLevel.Information, "Node {NodeId} restarted: generation {Generation} replaces the previous incarnation")]
    public static partial void NewIncarnation(ILogger logger, string nodeId, long generation);

    [LoggerMessage(5004, LogLevel.Warning, "Node {NodeId} is unreachable (PFAIL): nothing received for {SilentMs} ms")]
    public static partial void PFail(ILogger logger, string nodeId, long silentMs);

    [LoggerMessage(5005, LogLevel.Warning, "Marking node {NodeId} as failing (FAIL): {Reports} of {Size} slot owners agree")]
    public static partial void Fail(ILogger logger, string nodeId, int reports, int size);

    [LoggerMessage(5006, LogLevel.Information, "Clearing FAIL state for node {NodeId}: it is reachable again")]
    public static partial void FailCleared(ILogger logger, string nodeId);

    [LoggerMessage(5007, LogLevel.Warning, "configEpoch collision with node {NodeId}: configEpoch set to {Epoch}")]
    public static partial void EpochCollision(ILogger logger, string nodeId, long epoch);

    [LoggerMessage(5008, LogLevel.Warning,
        "Slot {Slot} (and others) lost to node {NodeId}, which claims it with the higher configEpoch {Epoch}")]
    public static partial void SlotsLost(ILogger logger, int slot, string nodeId, long epoch);

    [LoggerMessage(5009, LogLevel.Information, "Cluster state changed: {State}")]
    public static partial void StateChanged(ILogger logger, string state);

    [LoggerMessage(5010, LogLevel.Error, "Could not save the cluster state to {Path}; retrying on the next gossip round")]
    public static partial void SaveFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(5011, LogLevel.Error, "Gossip round failed")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(5012, LogLevel.Information,
        "Cluster state file exists: the configured slots are ignored, the persisted slot table is used")]
    public static partial void ConfigSlotsIgnored(ILogger logger);
}
