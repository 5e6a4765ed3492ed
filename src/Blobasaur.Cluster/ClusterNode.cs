using System.Net;
using Blobasaur.Cluster.Gossip;
using Blobasaur.Cluster.State;
using Blobasaur.Config;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Cluster;

/// <summary>
/// This node's membership in a cluster: identity, gossip, failure detection, slot ownership and its persisted state.
/// The hosting layer opens it before the client listener starts and disposes it after the listener stops.
/// All mutable state is guarded by one lock; readers use <see cref="View"/>, an immutable snapshot swapped on every change.
/// Design notes: docs/cluster-internals.md. Aspects live in ClusterNode.Commands.cs (IClusterService), ClusterNode.Gossip.cs
/// (scuttlebutt), ClusterNode.Slots.cs (claims and epochs), ClusterNode.Failure.cs (PFAIL/FAIL, cluster_state) and
/// ClusterNode.Snapshot.cs (view and state file).
/// </summary>
public sealed partial class ClusterNode : IClusterService, IAsyncDisposable
{
    /// <summary>How long a FORGET keeps a node out (Redis CLUSTER_BLACKLIST_TTL).</summary>
    internal const long BlacklistMs = 60_000;

    private readonly Lock _gate = new();
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Random _random;
    private readonly byte[] _key;
    private readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly Peer?[] _slots = new Peer?[SlotRanges.SlotCount];
    private readonly Dictionary<string, long> _blacklist = new(StringComparer.Ordinal);
    private readonly List<IPEndPoint> _seeds = [];
    private Peer _myself;
    private long _currentEpoch;
    private long _lastVoteEpoch;
    private IGossipTransport? _transport;
    private ClusterView _view = null!;
    private bool _viewStale;
    private bool _saveNeeded;
    private bool _seedsEnabled = true;
    private CancellationTokenSource? _loopStop;
    private Task _loop = Task.CompletedTask;

    private ClusterNode(ClusterOptions options, TimeProvider time, ILoggerFactory loggers, Random random)
    {
        _options = options;
        _time = time;
        _log = loggers.CreateLogger("Blobasaur.Cluster");
        _random = random;
        _key = GossipCodec.Key(options.Settings.Secret);
        _myself = LoadOrCreate(out var how);
        if (options.Settings.Secret is null) ClusterLog.NoSecret(_log);
        ClusterLog.Opened(_log, _myself.Id, _myself.Generation, how, _myself.ClusterPort);
        PublishSelf();
        SaveIfNeeded();
        RebuildView();
    }

    /// <summary>Loads (or creates) the persisted state under the data directory and prepares the gossip transport.</summary>
    public static ClusterNode Open(ClusterOptions options, TimeProvider time, ILoggerFactory loggers) =>
        new(options, time, loggers, new Random());

    /// <summary>For tests and the gossip simulation: a node whose randomness is seeded.</summary>
    internal static ClusterNode Open(ClusterOptions options, TimeProvider time, ILoggerFactory loggers, int seed) =>
        new(options, time, loggers, new Random(seed));

    /// <summary>Binds the gossip port and starts gossiping with the seeds.</summary>
    public async Task StartAsync(CancellationToken cancellation = default)
    {
        var host = _options.ListenHost.Trim('[', ']');
        if (host is "" or "*") host = "0.0.0.0";
        var address = IPAddress.TryParse(host, out var ip) ? ip
            : (await Dns.GetHostAddressesAsync(host, cancellation)).First();
        Attach(new UdpGossipTransport(new IPEndPoint(address, _options.GossipPort)));
        await ResolveSeedsAsync(cancellation);
        _loopStop = new CancellationTokenSource();
        _loop = RunAsync(_loopStop.Token);
    }

    /// <summary>The bound gossip port (after <see cref="StartAsync"/> or <see cref="Attach"/>).</summary>
    public int GossipPort
    {
        get { lock (_gate) return _myself.ClusterPort; }
    }

    /// <summary>This run's incarnation (unix ms at start, strictly above the previous run's).</summary>
    public long Generation
    {
        get { lock (_gate) return _myself.Generation; }
    }

    /// <summary>The generation this node knows for <paramref name="id"/> (0 when unknown or not heard yet); for tests.</summary>
    internal long DebugGenerationOf(string id)
    {
        lock (_gate) return _peers.TryGetValue(id, out var peer) ? peer.Generation : 0;
    }

    public GossipCounters Counters
    {
        get { lock (_gate) return _counters; }
    }

    public ClusterView View => Volatile.Read(ref _view);

    public bool IsSlotReachable(int slot) => View.OwnerOf(slot) is { } owner && (owner.Flags & NodeFlags.Fail) == 0;

    /// <summary>Connects a transport (UDP from <see cref="StartAsync"/>, or an in-memory one in tests) and starts receiving.</summary>
    internal void Attach(IGossipTransport transport)
    {
        lock (_gate)
        {
            _transport = transport;
            if (_myself.ClusterPort != transport.LocalEndPoint.Port)
            {
                _myself.ClusterPort = transport.LocalEndPoint.Port;
                PublishSelf();
                _saveNeeded = true;
                SaveIfNeeded();
                RebuildView();
            }
        }

        transport.Start(OnDatagram);
    }

    internal void AddSeed(IPEndPoint seed)
    {
        lock (_gate) _seeds.Add(seed);
    }

    private async Task ResolveSeedsAsync(CancellationToken cancellation)
    {
        foreach (var seed in _options.Settings.Seeds)
        {
            if (!HostPort.TryParse(seed, out var hostPort)) continue;
            try
            {
                var addresses = IPAddress.TryParse(hostPort.Host, out var ip) ? [ip]
                    : await Dns.GetHostAddressesAsync(hostPort.Host, cancellation);
                if (addresses.Length > 0) AddSeed(new IPEndPoint(addresses[0], hostPort.Port));
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Not resolvable yet (a container not started): the other seeds or a later MEET will do.
            }
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(_options.Settings.GossipIntervalMs);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stop);
                Tick();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                ClusterLog.TickFailed(_log, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_loopStop is not null)
        {
            await _loopStop.CancelAsync();
            await _loop;
            _loopStop.Dispose();
        }

        if (_transport is not null) await _transport.DisposeAsync();
        lock (_gate) SaveIfNeeded();
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Peer LoadOrCreate(out string how)
    {
        var state = ClusterStateFile.Load(_options.StateDirectory);
        var now = NowMs;
        var (ip, port) = _options.Advertised();
        Peer myself;
        long previousGeneration = 0;
        if (state is null)
        {
            var configured = _options.Settings.NodeId;
            myself = new Peer(configured.Length > 0 ? NodeId.FromName(configured) : NodeId.Random()) { IsMyself = true };
            foreach (var range in _options.Settings.SlotRanges)
                for (var slot = range.Start; slot <= range.End; slot++) _slots[slot] = myself;
            foreach (var slot in _options.Settings.Slots) _slots[slot] = myself;
            how = "created (configured slots claimed)";
            _saveNeeded = true;
        }
        else
        {
            var me = state.Myself;
            myself = new Peer(me.Id) { IsMyself = true, ConfigEpoch = me.ConfigEpoch, Ip = me.Ip };
            previousGeneration = state.Generation;
            _currentEpoch = state.CurrentEpoch;
            _lastVoteEpoch = state.LastVoteEpoch;
            foreach (var node in state.Nodes)
            {
                var peer = node.Myself ? myself : new Peer(node.Id)
                {
                    Ip = node.Ip, Port = node.Port, ClusterPort = node.ClusterPort, Hostname = node.Hostname,
                    ConfigEpoch = node.ConfigEpoch, KnownSinceMs = now,
                };
                _peers[peer.Id] = peer;
                foreach (var span in node.Slots)
                    for (var slot = span.Start; slot <= span.End; slot++) _slots[slot] = peer;
            }

            if (_options.Settings.SlotRanges.Count > 0 || _options.Settings.Slots.Count > 0) ClusterLog.ConfigSlotsIgnored(_log);
            how = $"loaded from {ClusterStateFile.PathIn(_options.StateDirectory)} ({state.Nodes.Count - 1} known peers)";
        }

        if (ip.Length > 0) myself.Ip = ip;
        myself.Port = port;
        myself.ClusterPort = _options.GossipPort;
        // A new incarnation at every start, strictly above the last one even if the clock did not move (or moved back).
        myself.Generation = Math.Max(now, previousGeneration + 1);
        _saveNeeded = true;
        myself.KnownSinceMs = now;
        _peers[myself.Id] = myself;
        return myself;
    }
}
