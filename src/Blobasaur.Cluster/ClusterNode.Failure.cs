using System.Globalization;
using Blobasaur.Cluster.Gossip;

namespace Blobasaur.Cluster;

// Failure detection (Redis cluster spec "Failure detection", adapted to gossip):
//  - PFAIL(X) here: nothing received directly from X for node_timeout (the contact rule pings X at least every
//    node_timeout/2, so silence means X or the path to it is down).
//  - Each node publishes its opinion about X as its own gossip value "fail:<X>" = "p<ms>" (PFAIL, republished every
//    node_timeout/2 while it lasts), "f<ms>" (FAIL) or "" (fine). A report counts while we received it within 2 x node_timeout.
//  - FAIL(X) when we see X as PFAIL and at least size/2+1 slot-owning primaries report it (ourselves included when we own
//    slots); size = primaries owning at least one slot. The node that decides pushes a Fail datagram to every peer at
//    once; the "f" value reaches the others by gossip too.
//  - FAIL is cleared once X is heard from directly again: at once when X owns no slots, after 2 x node_timeout from the
//    FAIL when it does (Redis CLUSTER_FAIL_UNDO_TIME_MULT; there is no failover yet, so nobody can have taken its slots).
//  - cluster_state (clusterUpdateState): fail when fewer than size/2+1 slot owners are reachable (a minority side), and,
//    with require_full_coverage, when a slot is unbound or owned by a FAIL node.
public sealed partial class ClusterNode
{
    private const string FailKeyPrefix = "fail:";
    private bool _lastStateOk;

    private void DetectFailures(long now)
    {
        var timeout = (long)_options.Settings.NodeTimeoutMs;
        var owners = SlotOwners();
        var quorum = owners.Count / 2 + 1;
        foreach (var peer in _peers.Values.Where(p => !p.IsMyself && !p.Handshake).ToList())
        {
            var silent = now - Math.Max(peer.LastReceivedMs, peer.KnownSinceMs);
            if (!peer.PFail && silent > timeout)
            {
                peer.PFail = true;
                _viewStructural = true;
                ClusterLog.PFail(_log, peer.Id, silent);
            }

            if (peer.PFail && !peer.Fail)
            {
                var reports = owners.Count(o => o.IsMyself ? true : !o.Fail && ReportsFailure(o, peer, now, timeout));
                if (reports >= quorum)
                {
                    ClusterLog.Fail(_log, peer.Id, reports, owners.Count);
                    MarkFailed(peer, now, broadcast: true);
                }
            }
            else if (peer.Fail && !peer.PFail && peer.LastReceivedMs > peer.FailSinceMs
                     && (!owners.Contains(peer) || now - peer.FailSinceMs >= 2 * timeout))
            {
                peer.Fail = false;
                _viewStructural = true;
                ClusterLog.FailCleared(_log, peer.Id);
            }

            PublishOpinion(peer, now, timeout);
        }
    }

    private static bool ReportsFailure(Peer reporter, Peer about, long now, long timeout) =>
        reporter.Values.TryGetValue(FailKeyPrefix + about.Id, out var report)
        && report.Value is ['p' or 'f', ..] && now - report.ReceivedMs <= 2 * timeout;

    private void PublishOpinion(Peer peer, long now, long timeout)
    {
        var key = FailKeyPrefix + peer.Id;
        var current = _myself.Get(key) ?? "";
        var stamp = now.ToString(CultureInfo.InvariantCulture);
        if (peer.Fail)
        {
            if (current is not ['f', ..]) SetOwn(key, "f" + stamp);
        }
        else if (peer.PFail)
        {
            if (current is not ['p', ..] || now - peer.ReportRefreshedMs >= timeout / 2)
            {
                SetOwn(key, "p" + stamp);
                peer.ReportRefreshedMs = now;
            }
        }
        else if (current.Length > 0)
        {
            SetOwn(key, "");
        }
    }

    private void MarkFailed(Peer peer, long now, bool broadcast)
    {
        peer.Fail = true;
        peer.FailSinceMs = now;
        _viewStructural = true;
        SetOwn(FailKeyPrefix + peer.Id, "f" + now.ToString(CultureInfo.InvariantCulture));
        if (!broadcast) return;
        var datagram = GossipCodec.EncodeFail(_myself.Id, _myself.Generation, peer.Id, _key);
        foreach (var other in _peers.Values)
            if (!other.IsMyself && !other.Handshake && other != peer && other.GossipEndPoint is { } to)
                Send(datagram, to, MessageType.Fail);
    }

    /// <summary>Primaries owning at least one slot in our table (the voting population, Redis cluster_size).</summary>
    private HashSet<Peer> SlotOwners()
    {
        var owners = new HashSet<Peer>();
        foreach (var owner in _slots)
            if (owner is not null) owners.Add(owner);
        return owners;
    }

    private bool ComputeStateOk()
    {
        var owners = SlotOwners();
        var reachable = owners.Count(o => o.IsMyself || (!o.PFail && !o.Fail));
        if (reachable < owners.Count / 2 + 1) return false;
        if (!_options.Settings.RequireFullCoverage) return true;
        foreach (var owner in _slots)
            if (owner is null || owner.Fail) return false;
        return true;
    }
}
