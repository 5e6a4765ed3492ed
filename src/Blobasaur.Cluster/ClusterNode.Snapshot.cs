using Blobasaur.Cluster.State;

namespace Blobasaur.Cluster;

// Building the immutable ClusterView and the persisted state from the mutable tables (both under the lock).
public sealed partial class ClusterNode
{
    /// <summary>Each owner's slots as maximal ranges, in one pass over the slot table.</summary>
    private Dictionary<Peer, List<SlotSpan>> SpansByOwner()
    {
        var spans = new Dictionary<Peer, List<SlotSpan>>();
        var start = 0;
        for (var slot = 1; slot <= _slots.Length; slot++)
        {
            if (slot < _slots.Length && _slots[slot] == _slots[start]) continue;
            if (_slots[start] is { } owner)
            {
                if (!spans.TryGetValue(owner, out var list)) spans[owner] = list = [];
                list.Add(new SlotSpan(start, slot - 1));
            }

            start = slot;
        }

        return spans;
    }

    private void RebuildView()
    {
        var spans = SpansByOwner();
        var nodes = new List<ClusterNodeView>(_peers.Count);
        foreach (var peer in _peers.Values.OrderBy(p => p.IsMyself ? 0 : 1).ThenBy(p => p.Id, StringComparer.Ordinal))
            nodes.Add(ToView(peer, spans.GetValueOrDefault(peer) ?? []));

        var ok = ComputeStateOk();
        if (ok != _lastStateOk)
        {
            _lastStateOk = ok;
            ClusterLog.StateChanged(_log, ok ? "ok" : "fail");
        }

        var stats = new ClusterMessageStats(new Dictionary<string, long>(_sent), new Dictionary<string, long>(_received));
        Volatile.Write(ref _view, new ClusterView(_myself.Id, _currentEpoch, ok, nodes, stats));
        _viewStale = false;
        _viewStructural = false;
    }

    private ClusterNodeView ToView(Peer peer, List<SlotSpan> slots)
    {
        NodeFlags flags;
        if (peer.Handshake) flags = NodeFlags.Handshake;
        else
        {
            flags = NodeFlags.Primary;
            if (peer.IsMyself) flags |= NodeFlags.Myself;
            if (peer.Fail) flags |= NodeFlags.Fail;
            else if (peer.PFail) flags |= NodeFlags.PFail;
            if (!peer.IsMyself && peer.GossipEndPoint is null) flags |= NodeFlags.NoAddr;
        }

        var connected = peer.IsMyself || (!peer.Handshake && !peer.PFail && !peer.Fail && peer.LastReceivedMs > 0);
        return new ClusterNodeView(peer.Id, peer.Ip, peer.Port, peer.ClusterPort, peer.Hostname, flags, null,
            peer.IsMyself ? 0 : peer.PingSentMs, peer.IsMyself ? 0 : peer.LastReceivedMs, peer.ConfigEpoch, connected, slots);
    }

    private PersistedState Snapshot()
    {
        var spans = SpansByOwner();
        var nodes = _peers.Values.Where(p => !p.Handshake).OrderBy(p => p.IsMyself ? 0 : 1).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new PersistedNode(p.Id, p.Ip, p.Port, p.ClusterPort, p.Hostname, p.IsMyself, null, p.ConfigEpoch,
                spans.GetValueOrDefault(p) ?? []))
            .ToList();
        return new PersistedState(_currentEpoch, _lastVoteEpoch, nodes, _myself.Generation);
    }

    private string? _lastSaved;

    /// <summary>Saves when something persisted may have changed, and skips the write (and fsync) when the text is identical.</summary>
    private void SaveIfNeeded()
    {
        if (!_saveNeeded) return;
        try
        {
            var text = ClusterStateFile.Render(Snapshot());
            if (text != _lastSaved)
            {
                ClusterStateFile.Write(_options.StateDirectory, text);
                _lastSaved = text;
            }

            _saveNeeded = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ClusterLog.SaveFailed(_log, ClusterStateFile.PathIn(_options.StateDirectory), e);
        }
    }
}
