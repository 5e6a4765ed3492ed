using System.Globalization;
using Blobasaur.Cluster.Gossip;

namespace Blobasaur.Cluster;

// Slot ownership and epochs, Redis rules (cluster spec "Hash slots configuration propagation", clusterUpdateSlotsConfigWith,
// clusterHandleConfigEpochCollision):
//  - Rule 1: an unbound slot is bound to the node that claims it.
//  - Rule 2: a bound slot moves to a claimant with a strictly greater configEpoch; a node that loses a slot of its own
//    stops claiming it.
//  - A slot is never unbound because its owner stopped claiming it (only DELSLOTS/FLUSHSLOTS/FORGET/RESET unbind).
//  - Two primaries with the same configEpoch: the one with the smaller id takes currentEpoch + 1 (the collision rule), so
//    equal epochs never stay, and the bumped node wins the contested slots.
//  - Any greater currentEpoch seen in gossip is adopted.
public sealed partial class ClusterNode
{
    private long _claimSeq;

    /// <summary>Writes this node's own gossip values: address, role, currentEpoch, and its slot claim.</summary>
    private void PublishSelf()
    {
        var address = $"{_myself.Ip}:{_myself.Port}@{_myself.ClusterPort}" + (_myself.Hostname is null ? "" : "," + _myself.Hostname);
        SetOwn("addr", address);
        SetOwn("role", "master");
        SetOwn("cur_epoch", _currentEpoch.ToString(CultureInfo.InvariantCulture));
        _claimSeq++;
        foreach (var (key, value) in SlotChunks.Encode(_claimSeq, _myself.ConfigEpoch, slot => _slots[slot] == _myself))
            SetOwn(key, value);
    }

    /// <summary>Sets one of our own gossip values; a new version only when the value changes (scuttlebutt).</summary>
    private void SetOwn(string key, string value)
    {
        if (_myself.Values.TryGetValue(key, out var current) && current.Value == value) return;
        _myself.MaxVersion++;
        _myself.Values[key] = new VersionedValue(value, _myself.MaxVersion, NowMs);
    }

    /// <summary>Reacts to changed gossip values of <paramref name="peer"/>.</summary>
    private void Interpret(Peer peer, HashSet<string> changed)
    {
        if (changed.Contains("addr") && ParseAddress(peer.Get("addr")) is { } address)
        {
            if ((peer.Ip, peer.Port, peer.ClusterPort, peer.Hostname) != address)
            {
                (peer.Ip, peer.Port, peer.ClusterPort, peer.Hostname) = address;
                _saveNeeded = true;
                _viewStructural = true;
            }
        }

        if (changed.Contains("cur_epoch")
            && long.TryParse(peer.Get("cur_epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            && epoch > _currentEpoch)
        {
            _currentEpoch = epoch;
            SetOwn("cur_epoch", epoch.ToString(CultureInfo.InvariantCulture));
            _saveNeeded = true;
            _viewStructural = true;
        }

        if (changed.Any(SlotChunks.IsSlotKey)) InterpretClaim(peer);

        foreach (var key in changed)
        {
            if (!key.StartsWith(FailKeyPrefix, StringComparison.Ordinal) || peer.Get(key) is not ['f', ..]) continue;
            if (_peers.TryGetValue(key[FailKeyPrefix.Length..], out var failed) && !failed.IsMyself && !failed.Fail)
                MarkFailed(failed, NowMs, broadcast: false);
        }
    }

    private void InterpretClaim(Peer peer)
    {
        var claimed = new bool[SlotRanges.SlotCount];
        if (!SlotChunks.TryDecode(peer.Get, out var configEpoch, claimed)) return;
        var seq = peer.Get(SlotChunks.ClaimKey)!;
        if (seq == peer.ClaimSeq) return;
        peer.ClaimSeq = seq;
        peer.Claimed = claimed;
        if (peer.ConfigEpoch != configEpoch)
        {
            peer.ConfigEpoch = configEpoch;
            _saveNeeded = true;
            _viewStructural = true;
        }

        HandleEpochCollision(peer);
        ApplyClaim(peer);
    }

    /// <summary>Rules 1 and 2 for every slot <paramref name="peer"/> claims.</summary>
    private void ApplyClaim(Peer peer)
    {
        if (peer.Claimed is not { } claimed) return;
        var lost = -1;
        for (var slot = 0; slot < claimed.Length; slot++)
        {
            if (!claimed[slot]) continue;
            var owner = _slots[slot];
            if (owner == peer || (owner is not null && owner.ConfigEpoch >= peer.ConfigEpoch)) continue;
            if (owner == _myself && lost < 0) lost = slot;
            _slots[slot] = peer;
            _saveNeeded = true;
            _viewStructural = true;
        }

        if (lost >= 0)
        {
            ClusterLog.SlotsLost(_log, lost, peer.Id, peer.ConfigEpoch);
            PublishSelf();
        }
    }

    /// <summary>After slots were unbound here (DELSLOTS, FORGET, ...): the last claims we heard may bind them again (Rule 1).</summary>
    private void ReevaluateClaims()
    {
        foreach (var peer in _peers.Values)
            if (!peer.IsMyself) ApplyClaim(peer);
    }

    /// <summary>
    /// Collisions are checked when a claim arrives and again every round against every peer: after our own bump we may
    /// now equal a peer whose claim will not change again, and only the smaller id of the pair acts.
    /// </summary>
    private void ResolveEpochCollisions()
    {
        foreach (var peer in _peers.Values)
            if (!peer.IsMyself && !peer.Handshake && peer.Claimed is not null) HandleEpochCollision(peer);
    }

    private void HandleEpochCollision(Peer peer)
    {
        if (peer.ConfigEpoch != _myself.ConfigEpoch || string.CompareOrdinal(_myself.Id, peer.Id) >= 0) return;
        _currentEpoch++;
        _myself.ConfigEpoch = _currentEpoch;
        ClusterLog.EpochCollision(_log, peer.Id, _myself.ConfigEpoch);
        PublishSelf();
        _saveNeeded = true;
        _viewStructural = true;
    }

    /// <summary>"ip:port@cport[,hostname]" (split at the last ':' before '@', so IPv6 works unbracketed, as CLUSTER NODES).</summary>
    internal static (string Ip, int Port, int ClusterPort, string? Hostname)? ParseAddress(string? text)
    {
        if (text is null) return null;
        string? hostname = null;
        var comma = text.IndexOf(',');
        if (comma >= 0)
        {
            hostname = text[(comma + 1)..];
            text = text[..comma];
        }

        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text.LastIndexOf(':', at);
        if (colon < 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var clusterPort)
            || port > 65535 || clusterPort > 65535)
            return null;
        return (text[..colon], port, clusterPort, hostname);
    }
}
