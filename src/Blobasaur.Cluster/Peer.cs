using System.Net;

namespace Blobasaur.Cluster;

/// <summary>One gossip value of a node, with the owner's version and when this node received it (for report freshness).</summary>
internal sealed record VersionedValue(string Value, long Version, long ReceivedMs);

/// <summary>
/// Everything this node knows about one node (itself included). Mutable; only touched under <c>ClusterNode._gate</c>.
/// The gossip part (generation, key-values, max version) is owned by that node (scuttlebutt); the rest is this node's own
/// judgement: slots bound to it in our slot table, reachability, failure flags.
/// </summary>
internal sealed class Peer(string id)
{
    public string Id { get; set; } = id;
    public bool IsMyself { get; init; }

    /// <summary>A MEET target whose real id is not known yet (its <see cref="Id"/> is a random placeholder, as in Redis).</summary>
    public bool Handshake { get; set; }

    // Scuttlebutt state: the owner's incarnation and its versioned key-values.
    public long Generation { get; set; }
    public long MaxVersion { get; set; }
    public Dictionary<string, VersionedValue> Values { get; } = new(StringComparer.Ordinal);

    // Address, as the node advertises it (gossip "addr"), or as persisted / given to MEET.
    public string Ip { get; set; } = "";
    public int Port { get; set; }
    public int ClusterPort { get; set; }
    public string? Hostname { get; set; }

    /// <summary>Where its datagrams came from last: used when the advertised ip is empty or unspecified.</summary>
    public IPAddress? SourceAddress { get; set; }

    public long ConfigEpoch { get; set; }

    /// <summary>The claim value ("seq|epoch") last applied, and the slots of that claim (null until a complete claim arrived).</summary>
    public string ClaimSeq { get; set; } = "";
    public bool[]? Claimed { get; set; }

    // Reachability, in unix ms of this node's clock.
    public long KnownSinceMs { get; set; }
    public long LastReceivedMs { get; set; }
    public long PingSentMs { get; set; }
    public long LastContactMs { get; set; }

    public bool PFail { get; set; }
    public bool Fail { get; set; }
    public long FailSinceMs { get; set; }

    /// <summary>When our own "fail:&lt;id&gt;" report about this node was last (re)published; refreshed while it lasts.</summary>
    public long ReportRefreshedMs { get; set; }

    public string? Get(string key) => Values.TryGetValue(key, out var v) ? v.Value : null;

    public IPEndPoint? GossipEndPoint
    {
        get
        {
            if (ClusterPort <= 0) return null;
            var ip = IPAddress.TryParse(Ip, out var parsed) && !parsed.Equals(IPAddress.Any) && !parsed.Equals(IPAddress.IPv6Any)
                ? parsed : SourceAddress;
            return ip is null ? null : new IPEndPoint(ip, ClusterPort);
        }
    }

    /// <summary>Forget the previous incarnation's gossip (a newer generation replaces it at once).</summary>
    public void ResetIncarnation(long generation)
    {
        Generation = generation;
        MaxVersion = 0;
        Values.Clear();
        ClaimSeq = "";
        Claimed = null;
    }
}
