using System.Net;
using Blobasaur.Cluster.Gossip;
using Blobasaur.Cluster.State;

namespace Blobasaur.Cluster;

// IClusterService: the CLUSTER subcommands that change state. Each validates like Redis 7.0 (same checks, same order, same
// error text), applies, saves the state file (fsync) and publishes a new view before returning.
public sealed partial class ClusterNode
{
    // CLUSTER ADDSLOTS slot [slot ...]: per argument, "busy" is checked before "specified multiple times" (as Redis).
    public string? AddSlots(IReadOnlyList<int> slots)
    {
        lock (_gate)
        {
            if (CheckSlots(slots, slot => _slots[slot] is not null ? $"ERR Slot {slot} is already busy" : null) is { } error)
                return error;
            foreach (var slot in slots) _slots[slot] = _myself;
            return CommitClaimChange();
        }
    }

    // CLUSTER DELSLOTS slot [slot ...]: unbinds the slots in this node's view, whoever owns them (as Redis).
    public string? DelSlots(IReadOnlyList<int> slots)
    {
        lock (_gate)
        {
            if (CheckSlots(slots, slot => _slots[slot] is null ? $"ERR Slot {slot} is already unassigned" : null) is { } error)
                return error;
            foreach (var slot in slots) _slots[slot] = null;
            ReevaluateClaims();
            return CommitClaimChange();
        }
    }

    public string? FlushSlots()
    {
        lock (_gate)
        {
            for (var slot = 0; slot < _slots.Length; slot++)
                if (_slots[slot] == _myself) _slots[slot] = null;
            ReevaluateClaims();
            return CommitClaimChange();
        }
    }

    // CLUSTER MEET ip port [cport]: ip must be a literal address (Redis uses inet_pton), ports 1..65535.
    public string? Meet(string ip, int port, int clusterPort)
    {
        if (!TryParseLiteralIp(ip, out var address) || port is < 1 or > 65535 || clusterPort is < 1 or > 65535)
            return $"ERR Invalid node address specified: {ip}:{port}";
        lock (_gate)
        {
            var target = new IPEndPoint(address, clusterPort);
            if (_peers.Values.Any(p => p.Handshake && target.Equals(p.GossipEndPoint))) return null;
            var now = NowMs;
            var handshake = new Peer(NodeId.Random())
            {
                Handshake = true, Ip = address.ToString(), Port = port, ClusterPort = clusterPort, KnownSinceMs = now,
            };
            _peers[handshake.Id] = handshake;
            SendPing(handshake, now);
            RebuildView();
            return null;
        }
    }

    public string? Forget(string nodeId)
    {
        lock (_gate)
        {
            if (nodeId == _myself.Id) return "ERR I tried hard but I can't forget myself...";
            if (!_peers.TryGetValue(nodeId, out var peer)) return $"ERR Unknown node {nodeId}";
            RemovePeer(peer);
            _blacklist[nodeId] = NowMs + BlacklistMs;
            ReevaluateClaims();
            return CommitClaimChange();
        }
    }

    // CLUSTER RESET SOFT|HARD: forget every other node and drop all slots; HARD also takes a new random id and zeroes the
    // epochs. Seeds from the configuration are not contacted again until the next start (otherwise the node would rejoin).
    public string? Reset(bool hard)
    {
        lock (_gate)
        {
            foreach (var peer in _peers.Values.Where(p => !p.IsMyself).ToList()) RemovePeer(peer);
            Array.Clear(_slots);
            _seedsEnabled = false;
            if (hard)
            {
                _peers.Remove(_myself.Id);
                _myself.Id = NodeId.Random();
                _peers[_myself.Id] = _myself;
                _myself.ResetIncarnation(Math.Max(NowMs, _myself.Generation + 1));
                _myself.ConfigEpoch = 0;
                _currentEpoch = 0;
                _lastVoteEpoch = 0;
                PublishSelf();
            }

            return CommitClaimChange();
        }
    }

    public string? SetConfigEpoch(long epoch)
    {
        lock (_gate)
        {
            if (epoch < 0) return $"ERR Invalid config epoch specified: {epoch}";
            if (_peers.Count > 1) return "ERR The user can assign a config epoch only when the node does not know any other node.";
            if (_myself.ConfigEpoch != 0) return "ERR Node config epoch is already non-zero";
            _myself.ConfigEpoch = epoch;
            _currentEpoch = Math.Max(_currentEpoch, epoch);
            return CommitClaimChange();
        }
    }

    // CLUSTER BUMPEPOCH (clusterBumpConfigEpochWithoutConsensus): bump unless this node already holds the greatest epoch.
    public (bool Bumped, long Epoch) BumpEpoch()
    {
        lock (_gate)
        {
            var maxEpoch = Math.Max(_currentEpoch, _peers.Values.Max(p => p.ConfigEpoch));
            if (_myself.ConfigEpoch != 0 && _myself.ConfigEpoch == maxEpoch) return (false, _myself.ConfigEpoch);
            _currentEpoch++;
            _myself.ConfigEpoch = _currentEpoch;
            CommitClaimChange();
            return (true, _myself.ConfigEpoch);
        }
    }

    public string? SaveConfig()
    {
        lock (_gate)
        {
            try
            {
                _lastSaved = ClusterStateFile.Render(Snapshot());
                ClusterStateFile.Write(_options.StateDirectory, _lastSaved);
                _saveNeeded = false;
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"ERR error saving the cluster node config: {e.Message}";
            }
        }
    }

    // inet_pton semantics: dotted quad without leading zeros, or an IPv6 literal. IPAddress.TryParse alone would also take
    // "1.2.3" or "127.1" (inet_aton forms), which Redis refuses.
    private static bool TryParseLiteralIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0')
                                                || int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) > 255))
            return false;
        return IPAddress.TryParse(text, out address!);
    }

    private static string? CheckSlots(IReadOnlyList<int> slots, Func<int, string?> stateError)
    {
        var seen = new HashSet<int>();
        foreach (var slot in slots)
        {
            if (stateError(slot) is { } error) return error;
            if (!seen.Add(slot)) return $"ERR Slot {slot} specified multiple times";
        }

        return null;
    }

    /// <summary>After a change of this node's slots or epochs: gossip the new claim, save, publish the view.</summary>
    private string? CommitClaimChange()
    {
        PublishSelf();
        _saveNeeded = true;
        SaveIfNeeded();
        RebuildView();
        return null;
    }

    private void RemovePeer(Peer peer)
    {
        _peers.Remove(peer.Id);
        if (_myself.Values.ContainsKey(FailKeyPrefix + peer.Id)) SetOwn(FailKeyPrefix + peer.Id, "");
        for (var slot = 0; slot < _slots.Length; slot++)
            if (_slots[slot] == peer) _slots[slot] = null;
    }
}
