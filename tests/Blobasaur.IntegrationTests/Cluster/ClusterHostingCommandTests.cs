using System.Net;
using System.Net.Sockets;
using Blobasaur.Config;
using Blobasaur.Server;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>
/// The hosting layer with a real ClusterNode (cluster.enabled = true, no injected fake): the node opens after the listener is
/// bound, answers the CLUSTER commands, and serves keys once it owns the slots.
/// </summary>
public sealed class ClusterHostingCommandTests
{
    [Fact]
    public async Task A_lone_cluster_node_hosts_the_cluster_commands_and_serves_its_slots()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "blobasaur-cluster-host-" + Guid.NewGuid().ToString("N"));
        var config = new BlobasaurConfig
        {
            Addr = "127.0.0.1:0",
            DataDir = dataDir,
            Cluster = new ClusterSection { Enabled = true, NodeId = "host-test", Port = FreeUdpPort() },
        };
        try
        {
            await using (var server = new BlobasaurServer(config, NullLoggerFactory.Instance))
            {
                await server.StartAsync();
                await using var conn = await RespConnection.ConnectAsync("127.0.0.1", server.EndPoint.Port);

                Assert.Matches("^[0-9a-f]{40}$", await conn.SendAsync("CLUSTER", "MYID"));
                Assert.Contains("cluster_enabled:1", (await conn.CallAsync("INFO", "cluster")).AsString());
                Assert.Contains("myself,master", (await conn.CallAsync("CLUSTER", "NODES")).AsString());
                Assert.Equal("+OK", await conn.SendAsync("CLUSTER", "ADDSLOTSRANGE", "0", "16383"));
                Assert.True(await Eventually.TrueAsync(async () =>
                    (await conn.CallAsync("CLUSTER", "INFO")).AsString().StartsWith("cluster_state:ok", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(30)));
                Assert.Equal("+OK", await conn.SendAsync("SET", "foo", "bar"));
                Assert.Equal("bar", await conn.SendAsync("GET", "foo"));
                Assert.Equal(":1", await conn.SendAsync("CLUSTER", "COUNTKEYSINSLOT", "12182"));
            }
        }
        finally
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
