namespace Blobasaur.Cluster.Gossip;

/// <summary>Datagram types. The stats name is what CLUSTER INFO prints in cluster_stats_messages_&lt;name&gt;_sent/received.</summary>
internal enum MessageType : byte
{
    /// <summary>Scuttlebutt SYN: the sender's digest ("ping").</summary>
    Ping = 1,

    /// <summary>A SYN to a node that does not know us yet (CLUSTER MEET, seeds): the receiver admits the sender ("meet").</summary>
    Meet = 2,

    /// <summary>SYN-ACK: the receiver's digest plus the first part of what the pinger lacks ("pong").</summary>
    Pong = 3,

    /// <summary>ACK and every further delta part ("update").</summary>
    Update = 4,

    /// <summary>A node was marked FAIL: pushed to every peer at once, not only gossiped ("fail").</summary>
    Fail = 5,
}

internal readonly record struct DigestEntry(string Id, long Generation, long MaxVersion);

/// <summary>A digest to send: our entry, the others sorted by id, and where this round's window starts if not all fit.</summary>
internal sealed record DigestPlan(DigestEntry Self, IReadOnlyList<DigestEntry> Others, int Start);

internal readonly record struct GossipValue(string Key, string Value, long Version);

/// <summary>
/// A slice of one node's key-values: all its values with version in (From, To], in version order. A receiver applies it only
/// when it already holds everything up to From (scuttlebutt), and then holds everything up to To.
/// </summary>
internal sealed record DeltaSection(string Id, long Generation, long From, long To, IReadOnlyList<GossipValue> Values);

/// <summary>A decoded datagram.</summary>
internal sealed class GossipMessage
{
    public required MessageType Type { get; init; }
    public required string SenderId { get; init; }
    public required long SenderGeneration { get; init; }

    /// <summary>Ping/Meet: the address the sender sent to (a node without an advertised ip learns its own, like Redis's myip).</summary>
    public string DestinationIp { get; init; } = "";

    public List<DigestEntry> Digest { get; } = [];

    /// <summary>
    /// False when the digest did not fit one datagram: it then lists every node the sender knows with an id in
    /// [<see cref="DigestLow"/>, <see cref="DigestHigh"/>] (and the sender itself), and says nothing about the others.
    /// </summary>
    public bool DigestComplete { get; set; } = true;

    public string DigestLow { get; set; } = "";
    public string DigestHigh { get; set; } = "";

    /// <summary>Whether the digest speaks for <paramref name="id"/>: listed there or, if absent, unknown to the sender.</summary>
    public bool DigestCovers(string id) =>
        DigestComplete || (string.CompareOrdinal(id, DigestLow) >= 0 && string.CompareOrdinal(id, DigestHigh) <= 0);

    public List<DeltaSection> Delta { get; } = [];

    /// <summary>Fail: the node marked FAIL.</summary>
    public string FailedId { get; init; } = "";

    public static string StatsName(MessageType type) => type switch
    {
        MessageType.Ping => "ping",
        MessageType.Meet => "meet",
        MessageType.Pong => "pong",
        MessageType.Update => "update",
        MessageType.Fail => "fail",
        _ => "unknown",
    };
}
