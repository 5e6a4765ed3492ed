namespace Blobasaur.Cluster;

/// <summary>Gossip transport counters, for metrics and INFO. Monotonic since start.</summary>
public sealed record GossipCounters(
    long DatagramsSent,
    long DatagramsReceived,
    long BytesSent,
    long BytesReceived,
    long DroppedBadMac,
    long DroppedMalformed,
    long DroppedUntrusted);
