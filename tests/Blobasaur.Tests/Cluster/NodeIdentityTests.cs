using Blobasaur.Cluster;
using Blobasaur.Config;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Cluster;

public sealed class NodeIdentityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("blobasaur-id-").FullName;
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ClusterNode Open(ClusterSection settings, string? dir = null) =>
        ClusterNode.Open(new ClusterOptions(settings, "127.0.0.1", 7000, dir ?? _dir), _clock, NullLoggerFactory.Instance);

    [Fact]
    public void A_configured_name_maps_to_its_sha1_as_40_lowercase_hex()
    {
        // SHA-1("node-1"), computed independently with `printf node-1 | sha1sum`.
        Assert.Equal("b36828398e513ae808e0c63582fb5dba635d7d15", NodeId.FromName("node-1"));
        Assert.NotEqual(NodeId.FromName("node-1"), NodeId.FromName("node-2"));
        Assert.True(NodeId.IsValid(NodeId.FromName("node-1")));
        Assert.True(NodeId.IsValid(NodeId.Random()));
        Assert.False(NodeId.IsValid("ABCDEF0123456789abcdef0123456789abcdef01"));
        Assert.False(NodeId.IsValid("abc"));
    }

    [Fact]
    public async Task The_id_comes_from_cluster_node_id_and_is_the_same_in_another_data_directory()
    {
        var other = Directory.CreateTempSubdirectory("blobasaur-id-").FullName;
        try
        {
            await using var a = Open(new ClusterSection { NodeId = "n1", Port = 17000 });
            await using var b = Open(new ClusterSection { NodeId = "n1", Port = 17000 }, other);
            Assert.Equal(NodeId.FromName("n1"), a.View.MyId);
            Assert.Equal(a.View.MyId, b.View.MyId);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_name_the_id_is_random_and_persisted_across_restarts()
    {
        string id;
        await using (var first = Open(new ClusterSection { Port = 17000 })) id = first.View.MyId;
        Assert.True(NodeId.IsValid(id));

        await using var second = Open(new ClusterSection { Port = 17000 });
        Assert.Equal(id, second.View.MyId);
    }

    [Fact]
    public async Task Each_start_gets_a_larger_generation_even_when_the_clock_did_not_move()
    {
        long first, second;
        await using (var node = Open(new ClusterSection { NodeId = "g", Port = 17000 })) first = node.Generation;
        await using (var node = Open(new ClusterSection { NodeId = "g", Port = 17000 })) second = node.Generation;

        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), first);
        Assert.True(second > first);
    }
}
