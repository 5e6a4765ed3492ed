namespace Blobasaur.Cluster;

// ---------------------------------------------------------------------------------------------------------------------
// The contract between the cluster layer (membership, gossip, slot ownership) and its readers (the command handlers and the
// router in Blobasaur.Commands, INFO, metrics). One immutable ClusterView per change, swapped atomically: routing and
// CLUSTER NODES/SLOTS/SHARDS/INFO read the same object, so they can never disagree.
// ---------------------------------------------------------------------------------------------------------------------

/// <summary>Node flags in the order CLUSTER NODES prints them (myself,master,slave,fail?,fail,handshake,noaddr,nofailover).</summary>
[Flags]
public enum NodeFlags
{
    None = 0,
    Myself = 1 << 0,
    Primary = 1 << 1,
    Replica = 1 << 2,
    PFail = 1 << 3,
    Fail = 1 << 4,
    Handshake = 1 << 5,
    NoAddr = 1 << 6,
    NoFailover = 1 << 7,
}

/// <summary>An inclusive range of hash slots.</summary>
public readonly record struct SlotSpan(int Start, int End)
{
    public int Count => End - Start + 1;
}

/// <summary>One known node as this node sees it.</summary>
/// <param name="Id">40 lowercase hex characters.</param>
/// <param name="Ip">Address clients are redirected to ("" when unknown).</param>
/// <param name="Port">Client (RESP) port.</param>
/// <param name="ClusterPort">Gossip port (the @cport of CLUSTER NODES).</param>
/// <param name="PrimaryId">The primary's id for a replica; null for a primary.</param>
/// <param name="PingSentMs">Unix ms of the oldest unanswered ping, 0 when none.</param>
/// <param name="PongReceivedMs">Unix ms of the last datagram received directly from the node.</param>
/// <param name="Slots">Owned slots as ascending, maximal, non-overlapping ranges.</param>
public sealed record ClusterNodeView(
    string Id,
    string Ip,
    int Port,
    int ClusterPort,
    string? Hostname,
    NodeFlags Flags,
    string? PrimaryId,
    long PingSentMs,
    long PongReceivedMs,
    long ConfigEpoch,
    bool Connected,
    IReadOnlyList<SlotSpan> Slots)
{
    public bool IsMyself => (Flags & NodeFlags.Myself) != 0;
    public bool IsFailing => (Flags & (NodeFlags.PFail | NodeFlags.Fail)) != 0;
}

/// <summary>Counts of cluster-bus messages by type, for CLUSTER INFO's cluster_stats_messages_* lines.</summary>
public sealed record ClusterMessageStats(IReadOnlyDictionary<string, long> Sent, IReadOnlyDictionary<string, long> Received);

/// <summary>An immutable picture of the whole cluster as this node sees it.</summary>
public sealed class ClusterView
{
    private readonly ClusterNodeView?[] _owners;

    public ClusterView(string myId, long currentEpoch, bool isOk, IReadOnlyList<ClusterNodeView> nodes, ClusterMessageStats stats)
    {
        MyId = myId;
        CurrentEpoch = currentEpoch;
        IsOk = isOk;
        Nodes = nodes;
        Stats = stats;
        _owners = new ClusterNodeView?[Hashing.HashSlot.Count];
        foreach (var node in nodes)
            foreach (var span in node.Slots)
                for (var slot = span.Start; slot <= span.End; slot++) _owners[slot] = node;
        Myself = nodes.First(n => n.IsMyself);
    }

    public string MyId { get; }
    public ClusterNodeView Myself { get; }
    public long CurrentEpoch { get; }

    /// <summary>cluster_state: ok, or fail (a slot uncovered or owned by a FAIL node, with require_full_coverage).</summary>
    public bool IsOk { get; }

    /// <summary>Every known node, this one included (handshake nodes too).</summary>
    public IReadOnlyList<ClusterNodeView> Nodes { get; }

    public ClusterMessageStats Stats { get; }

    /// <summary>The primary that owns <paramref name="slot"/>, or null when no node serves it.</summary>
    public ClusterNodeView? OwnerOf(int slot) => _owners[slot];
}
