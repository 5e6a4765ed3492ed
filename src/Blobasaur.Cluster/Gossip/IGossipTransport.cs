using System.Net;

namespace Blobasaur.Cluster.Gossip;

/// <summary>Receives one datagram: its bytes (valid only during the call) and the sender's address.</summary>
internal delegate void DatagramHandler(ReadOnlySpan<byte> datagram, IPEndPoint from);

/// <summary>
/// How gossip datagrams move: UDP in production (<see cref="UdpGossipTransport"/>), an in-memory network with drop and
/// partition controls in tests (<see cref="InMemoryGossipNetwork"/>, after chitchat's ChannelTransport).
/// </summary>
internal interface IGossipTransport : IAsyncDisposable
{
    /// <summary>The bound address (the actual port when 0 was asked for).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts delivering received datagrams to <paramref name="handler"/>.</summary>
    void Start(DatagramHandler handler);

    /// <summary>Sends without waiting; a datagram that cannot be sent is lost, as on a real network.</summary>
    void Send(byte[] datagram, IPEndPoint to);
}
