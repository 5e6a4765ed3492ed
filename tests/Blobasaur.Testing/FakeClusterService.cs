using Blobasaur.Cluster;

namespace Blobasaur.Testing;

/// <summary>
/// A settable cluster layer for testing the command layer and the router without gossip: tests set <see cref="View"/> and
/// <see cref="Unreachable"/>; mutating calls are recorded and answer <see cref="NextError"/> (null: success, and ADDSLOTS /
/// DELSLOTS then change this node's slots in the view, as the real layer would).
/// </summary>
public sealed class FakeClusterService(ClusterView view) : IClusterService
{
    public ClusterView View { get; set; } = view;

    /// <summary>Slots whose keys get CLUSTERDOWN although the cluster is ok (require_full_coverage = false).</summary>
    public HashSet<int> Unreachable { get; } = [];

    /// <summary>The error text the next mutating call returns (then reset to null).</summary>
    public string? NextError { get; set; }

    public List<string> Calls { get; } = [];

    public (bool Bumped, long Epoch) BumpResult { get; set; } = (true, 4);

    public bool IsSlotReachable(int slot) => !Unreachable.Contains(slot);

    public string? AddSlots(IReadOnlyList<int> slots) => Record($"ADDSLOTS {string.Join(' ', slots)}", () => ChangeMySlots(slots, add: true));

    public string? DelSlots(IReadOnlyList<int> slots) => Record($"DELSLOTS {string.Join(' ', slots)}", () => ChangeMySlots(slots, add: false));

    public string? FlushSlots() => Record("FLUSHSLOTS");

    public string? Meet(string ip, int port, int clusterPort) => Record($"MEET {ip} {port} {clusterPort}");

    public string? Forget(string nodeId) => Record($"FORGET {nodeId}");

    public string? Reset(bool hard) => Record(hard ? "RESET HARD" : "RESET SOFT");

    public string? SetConfigEpoch(long epoch) => Record($"SET-CONFIG-EPOCH {epoch}");

    public (bool Bumped, long Epoch) BumpEpoch()
    {
        Calls.Add("BUMPEPOCH");
        return BumpResult;
    }

    public string? SaveConfig() => Record("SAVECONFIG");

    private string? Record(string call, Action? onSuccess = null)
    {
        Calls.Add(call);
        var error = NextError;
        NextError = null;
        if (error is null) onSuccess?.Invoke();
        return error;
    }

    private void ChangeMySlots(IReadOnlyList<int> slots, bool add)
    {
        var mine = new SortedSet<int>(View.Myself.Slots.SelectMany(s => Enumerable.Range(s.Start, s.Count)));
        foreach (var slot in slots)
            if (add) mine.Add(slot);
            else mine.Remove(slot);
        var me = View.Myself with { Slots = ClusterViews.Spans(mine) };
        View = new ClusterView(View.MyId, View.CurrentEpoch, View.IsOk, [.. View.Nodes.Select(n => n.IsMyself ? me : n)], View.Stats);
    }
}

/// <summary>Cluster views for tests, modelled on a real Redis 7.0.15 cluster made by redis-cli --cluster create.</summary>
public static class ClusterViews
{
    public const string Id1 = "02c64b2006ba640cedd7c032b986a41290cc70b0";
    public const string Id2 = "202b5282e6032e140f4f7e712cc6af07b8e26a0b";
    public const string Id3 = "ef680086d797ca19875d1158fc61aaafc029b106";

    public static readonly ClusterMessageStats NoMessages = new(new Dictionary<string, long>(), new Dictionary<string, long>());

    /// <summary>
    /// Three primaries on 127.0.0.1:17301-17303 owning 0-5460 / 5461-10922 / 10923-16383, as observed on Redis (node 1 is
    /// myself). Ports may be replaced so that MOVED points at something real.
    /// </summary>
    public static ClusterView ThreeNodes(int myIndex = 0, bool isOk = true, int[]? ports = null, ClusterMessageStats? stats = null)
    {
        ports ??= [17301, 17302, 17303];
        var flags = NodeFlags.Primary;
        ClusterNodeView Node(int i, string id, long pong, long epoch, int start, int end) => new(
            id, "127.0.0.1", ports[i], ports[i] + 10000, null, i == myIndex ? flags | NodeFlags.Myself : flags, null, 0, pong, epoch,
            true, [new SlotSpan(start, end)]);
        return new ClusterView(new[] { Id1, Id2, Id3 }[myIndex], 3, isOk,
        [
            Node(1, Id2, 1795333203441, 2, 5461, 10922),
            Node(0, Id1, 1795333203000, 1, 0, 5460),
            Node(2, Id3, 1795333204445, 3, 10923, 16383),
        ], stats ?? NoMessages);
    }

    /// <summary>A lone node that owns the given slots (all of them by default), with this server's port.</summary>
    public static ClusterView Alone(int port, IEnumerable<int>? slots = null, bool isOk = true) => new(Id1, 0, isOk,
    [
        new ClusterNodeView(Id1, "127.0.0.1", port, port + 10000, null, NodeFlags.Myself | NodeFlags.Primary, null, 0, 0, 0, true,
            Spans(slots ?? Enumerable.Range(0, 16384))),
    ], NoMessages);

    /// <summary>Ascending maximal ranges of a set of slots.</summary>
    public static IReadOnlyList<SlotSpan> Spans(IEnumerable<int> slots)
    {
        var spans = new List<SlotSpan>();
        foreach (var slot in slots.Order())
        {
            if (spans.Count > 0 && spans[^1].End == slot - 1) spans[^1] = spans[^1] with { End = slot };
            else if (spans.Count == 0 || spans[^1].End < slot) spans.Add(new SlotSpan(slot, slot));
        }

        return spans;
    }
}
