using System.Net;
using Blobasaur.Cluster.Gossip;

namespace Blobasaur.Cluster;

// Scuttlebutt gossip (chitchat's ALGORITHM.md, over our own datagram format, see GossipCodec):
//   A -> B  Ping{digest: per node (id, generation, max version)}          (Meet instead when B may not know A)
//   B -> A  Pong{B's digest, the values A lacks}  (+ Update datagrams when they do not fit one datagram)
//   A -> B  Update{the values B lacks}
// Contact rule (Redis clusterCron): every round 3 random peers, plus every peer not contacted for node_timeout/2, so each
// pair exchanges datagrams well within node_timeout and PFAIL can rest on direct contact only.
public sealed partial class ClusterNode
{
    private const int RandomContactsPerRound = 3;

    /// <summary>Datagrams per delta (Pong/Update); the rest follows in later rounds. Keeps a burst bounded.</summary>
    internal int MaxDeltaDatagrams { get; set; } = 4;

    private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _received = new(StringComparer.Ordinal);
    private GossipCounters _counters = new(0, 0, 0, 0, 0, 0, 0);
    private bool _viewStructural;
    private int _digestCursor;

    /// <summary>One gossip round: failure detection, then contacts. Driven by a timer in production, by hand in tests.</summary>
    internal void Tick()
    {
        lock (_gate)
        {
            var now = NowMs;
            ExpireBlacklistAndHandshakes(now);
            DetectFailures(now);
            ResolveEpochCollisions();
            foreach (var peer in ChooseContacts(now)) SendPing(peer, now);
            if (_seedsEnabled) MeetSeeds();
            _viewStale = true;
            Finish(save: true);
        }
    }

    private List<Peer> ChooseContacts(long now)
    {
        var candidates = _peers.Values.Where(p => !p.IsMyself && p.GossipEndPoint is not null).ToList();
        var chosen = new List<Peer>();
        var known = candidates.Where(p => !p.Handshake).ToList();
        for (var i = 0; i < RandomContactsPerRound && known.Count > 0; i++)
        {
            var index = _random.Next(known.Count);
            chosen.Add(known[index]);
            known.RemoveAt(index);
        }

        var half = _options.Settings.NodeTimeoutMs / 2;
        chosen.AddRange(known.Where(p => now - p.LastContactMs >= half));
        chosen.AddRange(candidates.Where(p => p.Handshake)); // MEET every round until the handshake completes or times out
        return chosen;
    }

    private void MeetSeeds()
    {
        foreach (var seed in _seeds)
        {
            if (seed.Equals(_transport?.LocalEndPoint)) continue;
            if (_peers.Values.Any(p => !p.Handshake && seed.Equals(p.GossipEndPoint))) continue;
            Send(GossipCodec.EncodePing(MessageType.Meet, _myself.Id, _myself.Generation, seed.Address.ToString(), Digest(),
                _key, out var count), seed, MessageType.Meet);
            AdvanceDigestCursor(count);
        }
    }

    private void SendPing(Peer peer, long now)
    {
        if (peer.GossipEndPoint is not { } to) return;
        // A Meet makes an unknown sender acceptable: use it for handshakes and for peers that have never answered us.
        var type = peer.Handshake || peer.LastReceivedMs == 0 ? MessageType.Meet : MessageType.Ping;
        Send(GossipCodec.EncodePing(type, _myself.Id, _myself.Generation, to.Address.ToString(), Digest(), _key, out var count),
            to, type);
        AdvanceDigestCursor(count);
        if (peer.PingSentMs == 0) peer.PingSentMs = now;
        peer.LastContactMs = now;
    }

    /// <summary>Our digest; when it does not fit, successive digests cover successive windows of the id-sorted peers.</summary>
    private DigestPlan Digest()
    {
        var others = _peers.Values.Where(p => !p.IsMyself && !p.Handshake).OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new DigestEntry(p.Id, p.Generation, p.MaxVersion)).ToList();
        if (_digestCursor >= others.Count) _digestCursor = 0;
        return new DigestPlan(new DigestEntry(_myself.Id, _myself.Generation, _myself.MaxVersion), others, _digestCursor);
    }

    private void AdvanceDigestCursor(int written) => _digestCursor += written;

    /// <summary>Values the owner of <paramref name="digest"/> lacks, most out-of-date nodes first (ourselves always first).</summary>
    private List<DeltaSource> DeltaFor(string receiverId, GossipMessage digest)
    {
        var known = digest.Digest.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var sources = new List<(DeltaSource Source, long Lag)>();
        foreach (var node in _peers.Values)
        {
            if (node.Handshake || node.Id == receiverId || node.Generation == 0 || node.MaxVersion == 0) continue;
            long from;
            if (known.TryGetValue(node.Id, out var entry))
            {
                if (entry.Generation > node.Generation) continue;
                from = entry.Generation == node.Generation ? entry.MaxVersion : 0;
                if (from >= node.MaxVersion) continue;
            }
            else if (!digest.DigestCovers(node.Id)) continue;
            else from = 0;

            var values = node.Values.Where(kv => kv.Value.Version > from).OrderBy(kv => kv.Value.Version)
                .Select(kv => new GossipValue(kv.Key, kv.Value.Value, kv.Value.Version)).ToList();
            sources.Add((new DeltaSource(node.Id, node.Generation, from, node.MaxVersion, values),
                node.IsMyself ? long.MaxValue : node.MaxVersion - from));
        }

        return sources.OrderByDescending(s => s.Lag).Select(s => s.Source).ToList();
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        var result = GossipCodec.TryDecode(datagram, _key, out var message);
        lock (_gate)
        {
            _counters = _counters with
            {
                DatagramsReceived = _counters.DatagramsReceived + 1, BytesReceived = _counters.BytesReceived + datagram.Length,
            };
            if (result != DecodeResult.Ok)
            {
                _counters = result == DecodeResult.BadMac
                    ? _counters with { DroppedBadMac = _counters.DroppedBadMac + 1 }
                    : _counters with { DroppedMalformed = _counters.DroppedMalformed + 1 };
                return;
            }

            var now = NowMs;
            var sender = Admit(message!, from, now);
            if (sender is null)
            {
                _counters = _counters with { DroppedUntrusted = _counters.DroppedUntrusted + 1 };
                return;
            }

            Count(_received, message!.Type);
            Handle(message, sender, from, now);
            Finish();
        }
    }

    /// <summary>
    /// The sending node if its datagram may be used: a known node, or an unknown one that MEETs us or answers our MEET
    /// (handshake or seed address). Datagrams of forgotten (blacklisted) nodes and of older incarnations are refused.
    /// </summary>
    private Peer? Admit(GossipMessage message, IPEndPoint from, long now)
    {
        if (message.SenderId == _myself.Id || _blacklist.ContainsKey(message.SenderId)) return null;
        if (!_peers.TryGetValue(message.SenderId, out var sender))
        {
            var handshake = _peers.Values.FirstOrDefault(p => p.Handshake && from.Equals(p.GossipEndPoint));
            var seed = _seedsEnabled && _seeds.Contains(from);
            if (message.Type != MessageType.Meet && !(message.Type == MessageType.Pong && (handshake is not null || seed))) return null;
            if (handshake is not null) _peers.Remove(handshake.Id);
            sender = new Peer(message.SenderId)
            {
                Generation = message.SenderGeneration, KnownSinceMs = now, ClusterPort = from.Port,
                Port = handshake?.Port ?? 0, Ip = handshake?.Ip ?? "",
            };
            _peers[sender.Id] = sender;
            ClusterLog.NodeAdded(_log, sender.Id, from.ToString());
            _saveNeeded = true;
            _viewStructural = true;
        }
        else
        {
            if (message.Type == MessageType.Pong)
            {
                // Our MEET reached a node we already know (e.g. MEET of a member): the handshake entry is done.
                var handshake = _peers.Values.FirstOrDefault(p => p.Handshake && from.Equals(p.GossipEndPoint));
                if (handshake is not null)
                {
                    _peers.Remove(handshake.Id);
                    _viewStructural = true;
                }
            }

            if (message.SenderGeneration < sender.Generation) return null;
            if (message.SenderGeneration > sender.Generation)
            {
                if (sender.Generation != 0) ClusterLog.NewIncarnation(_log, sender.Id, message.SenderGeneration);
                sender.ResetIncarnation(message.SenderGeneration);
                _viewStructural = true;
            }
        }

        sender.SourceAddress = from.Address;
        sender.LastReceivedMs = now;
        sender.PingSentMs = 0;
        if (sender.PFail)
        {
            sender.PFail = false;
            _viewStructural = true;
        }

        return sender;
    }

    private void Handle(GossipMessage message, Peer sender, IPEndPoint from, long now)
    {
        switch (message.Type)
        {
            case MessageType.Ping or MessageType.Meet:
                LearnOwnIp(message.DestinationIp);
                foreach (var datagram in GossipCodec.EncodeDelta(_myself.Id, _myself.Generation, Digest(),
                             DeltaFor(sender.Id, message), MaxDeltaDatagrams, _key))
                    Send(datagram, from, datagram[3] == (byte)MessageType.Pong ? MessageType.Pong : MessageType.Update);
                break;
            case MessageType.Pong:
                ApplyDelta(message, now);
                foreach (var datagram in GossipCodec.EncodeDelta(_myself.Id, _myself.Generation, null,
                             DeltaFor(sender.Id, message), MaxDeltaDatagrams, _key))
                    Send(datagram, from, MessageType.Update);
                break;
            case MessageType.Update:
                ApplyDelta(message, now);
                break;
            case MessageType.Fail:
                if (_peers.TryGetValue(message.FailedId, out var failed) && !failed.IsMyself && !failed.Fail)
                    MarkFailed(failed, now, broadcast: false);
                break;
        }
    }

    private void ApplyDelta(GossipMessage message, long now)
    {
        foreach (var section in message.Delta)
        {
            if (section.Id == _myself.Id || _blacklist.ContainsKey(section.Id)) continue;
            if (!_peers.TryGetValue(section.Id, out var peer))
            {
                if (section.From != 0) continue;
                peer = new Peer(section.Id) { Generation = section.Generation, KnownSinceMs = now };
                _peers[peer.Id] = peer;
                _saveNeeded = true;
                _viewStructural = true;
            }

            if (section.Generation < peer.Generation) continue;
            if (section.Generation > peer.Generation)
            {
                if (section.From != 0) continue; // a newer incarnation: wait for its values from the start
                if (peer.Generation != 0) ClusterLog.NewIncarnation(_log, peer.Id, section.Generation);
                peer.ResetIncarnation(section.Generation);
            }

            if (section.From > peer.MaxVersion) continue; // from the future: we miss versions in between
            var changed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in section.Values)
            {
                if (peer.Values.TryGetValue(value.Key, out var current) && current.Version >= value.Version) continue;
                peer.Values[value.Key] = new VersionedValue(value.Value, value.Version, now);
                changed.Add(value.Key);
            }

            peer.MaxVersion = Math.Max(peer.MaxVersion, section.To);
            if (changed.Count > 0) Interpret(peer, changed);
        }
    }

    /// <summary>A node without an advertised or literal listen ip learns it from the address peers reach it at (Redis myip).</summary>
    private void LearnOwnIp(string destinationIp)
    {
        if (_myself.Ip.Length > 0 || destinationIp.Length == 0 || !IPAddress.TryParse(destinationIp, out _)) return;
        _myself.Ip = destinationIp;
        PublishSelf();
        _saveNeeded = true;
        _viewStructural = true;
    }

    private void ExpireBlacklistAndHandshakes(long now)
    {
        foreach (var (id, until) in _blacklist.ToList())
            if (until <= now) _blacklist.Remove(id);
        var handshakeTimeout = Math.Max(_options.Settings.NodeTimeoutMs, 1000);
        foreach (var stale in _peers.Values.Where(p => p.Handshake && now - p.KnownSinceMs > handshakeTimeout).ToList())
        {
            _peers.Remove(stale.Id);
            _viewStructural = true;
        }
    }

    private void Send(byte[] datagram, IPEndPoint to, MessageType type)
    {
        if (_transport is null) return;
        _transport.Send(datagram, to);
        Count(_sent, type);
        _counters = _counters with { DatagramsSent = _counters.DatagramsSent + 1, BytesSent = _counters.BytesSent + datagram.Length };
    }

    private static void Count(Dictionary<string, long> stats, MessageType type)
    {
        var name = GossipMessage.StatsName(type);
        stats[name] = stats.GetValueOrDefault(name) + 1;
    }

    /// <summary>
    /// End of every locked operation that may have changed state: publish the view; save (fsync) in the gossip round.
    /// What gossip teaches (peers' addresses, slots, epochs) is saved at most once per round, not per datagram; changes
    /// made by commands are saved before the command returns.
    /// </summary>
    private void Finish(bool save = false)
    {
        if (save) SaveIfNeeded();
        if (_viewStructural || _viewStale) RebuildView();
    }
}
