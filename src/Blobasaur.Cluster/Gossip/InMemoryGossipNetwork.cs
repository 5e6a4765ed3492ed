using System.Net;

namespace Blobasaur.Cluster.Gossip;

/// <summary>
/// A deterministic in-process network for gossip tests and the gossip simulation: <see cref="Send"/> queues, and
/// <see cref="DeliverAll"/> hands queued datagrams to their receivers in order (including the ones sent while delivering).
/// Links can be cut (<see cref="Partition"/>), nodes isolated, datagrams dropped at random or rewritten (<see cref="Tamper"/>).
/// Single-threaded by design: tests drive it from one thread together with the nodes' <c>Tick</c>.
/// </summary>
internal sealed class InMemoryGossipNetwork(int seed = 1)
{
    private readonly Dictionary<IPEndPoint, Endpoint> _endpoints = [];
    private readonly Queue<(byte[] Datagram, IPEndPoint From, IPEndPoint To)> _queue = new();
    private readonly HashSet<(IPEndPoint, IPEndPoint)> _cut = [];
    private readonly HashSet<IPEndPoint> _isolated = [];
    private readonly Random _random = new(seed);

    /// <summary>Probability of losing each datagram.</summary>
    public double DropRate { get; set; }

    /// <summary>Sees every datagram before delivery; returns the bytes to deliver (possibly changed) or null to drop it.</summary>
    public Func<byte[], IPEndPoint, IPEndPoint, byte[]?>? Tamper { get; set; }

    public long DatagramsSent { get; private set; }
    public long BytesSent { get; private set; }
    public int LargestDatagram { get; private set; }
    public Dictionary<IPEndPoint, (long Sent, long Received)> BytesByEndpoint { get; } = [];

    public IGossipTransport Bind(IPEndPoint address)
    {
        var endpoint = new Endpoint(this, address);
        _endpoints[address] = endpoint;
        return endpoint;
    }

    /// <summary>Cuts both directions between two addresses.</summary>
    public void Partition(IPEndPoint a, IPEndPoint b)
    {
        _cut.Add((a, b));
        _cut.Add((b, a));
    }

    public void Isolate(IPEndPoint node) => _isolated.Add(node);

    public void HealAll()
    {
        _cut.Clear();
        _isolated.Clear();
    }

    /// <summary>Delivers until the queue is empty (bounded, in case of a message storm); returns the number delivered.</summary>
    public int DeliverAll(int limit = 1_000_000)
    {
        var delivered = 0;
        while (_queue.Count > 0 && delivered < limit)
        {
            var (datagram, from, to) = _queue.Dequeue();
            if (!_endpoints.TryGetValue(to, out var target) || target.Handler is null || target.Closed) continue;
            if (_isolated.Contains(from) || _isolated.Contains(to) || _cut.Contains((from, to))) continue;
            if (DropRate > 0 && _random.NextDouble() < DropRate) continue;
            var bytes = Tamper is null ? datagram : Tamper(datagram, from, to);
            if (bytes is null) continue;
            Count(to, 0, bytes.Length);
            target.Handler(bytes, from);
            delivered++;
        }

        return delivered;
    }

    private void Count(IPEndPoint at, long sent, long received)
    {
        var (s, r) = BytesByEndpoint.GetValueOrDefault(at);
        BytesByEndpoint[at] = (s + sent, r + received);
    }

    private void Send(byte[] datagram, IPEndPoint from, IPEndPoint to)
    {
        DatagramsSent++;
        BytesSent += datagram.Length;
        LargestDatagram = Math.Max(LargestDatagram, datagram.Length);
        Count(from, datagram.Length, 0);
        _queue.Enqueue((datagram, from, to));
    }

    private sealed class Endpoint(InMemoryGossipNetwork network, IPEndPoint address) : IGossipTransport
    {
        public DatagramHandler? Handler { get; private set; }
        public bool Closed { get; private set; }
        public IPEndPoint LocalEndPoint => address;

        public void Start(DatagramHandler handler) => Handler = handler;

        public void Send(byte[] datagram, IPEndPoint to)
        {
            if (!Closed) network.Send(datagram, address, to);
        }

        public ValueTask DisposeAsync()
        {
            Closed = true;
            if (network._endpoints.TryGetValue(address, out var current) && current == this) network._endpoints.Remove(address);
            return ValueTask.CompletedTask;
        }
    }
}
