using Blobasaur.Config;

namespace Blobasaur.Cluster;

/// <summary>Everything the cluster layer needs from the configuration and the hosting layer.</summary>
/// <param name="ClientPort">The bound RESP port (known once the listener is bound).</param>
/// <param name="StateDirectory">Where the cluster state file lives (inside the data directory).</param>
public sealed record ClusterOptions(ClusterSection Settings, string ListenHost, int ClientPort, string StateDirectory)
{
    public static ClusterOptions FromConfig(BlobasaurConfig config, string listenHost, int clientPort) =>
        new(config.Cluster, listenHost, clientPort, Path.Combine(config.DataDir, "cluster"));

    /// <summary>The gossip (cluster bus) port: <c>cluster.port</c>, else client port + 10000 as in Redis; 0 = any free port.</summary>
    /// Config validation refuses a configured client port above 55535 without <c>cluster.port</c>; an ephemeral client port
    /// (addr port 0) that lands there is refused when the node opens.
    public int GossipPort => Settings.Port ?? (ClientPort + 10000 <= 65535
        ? ClientPort + 10000
        : throw new InvalidOperationException(
            $"cluster.port is not set and the client port {ClientPort} + 10000 is above 65535: set cluster.port"));

    /// <summary>The address clients are redirected to: <c>cluster.advertise_addr</c>, else the listen address.</summary>
    internal (string Ip, int Port) Advertised()
    {
        if (Settings.AdvertiseAddr is { } advertise && HostPort.TryParse(advertise, out var hostPort))
            return (hostPort.Host, hostPort.Port == 0 ? ClientPort : hostPort.Port);
        var unspecified = ListenHost is "" or "0.0.0.0" or "::" or "[::]" or "*";
        return (unspecified ? "" : ListenHost.Trim('[', ']'), ClientPort);
    }
}
