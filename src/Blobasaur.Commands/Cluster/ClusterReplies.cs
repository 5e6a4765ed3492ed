using System.Security.Cryptography;
using System.Text;
using Blobasaur.Cluster;
using Blobasaur.Protocol;

namespace Blobasaur.Commands.Cluster;

/// <summary>
/// CLUSTER NODES / SLOTS / SHARDS / INFO built from one <see cref="ClusterView"/>, in Redis 7.0.15's exact formats
/// (redis src/cluster.c clusterGenNodeDescription, clusterReplyMultiBulkSlots, clusterCommandShards, genClusterInfoString).
/// All four describe the whole cluster as this node sees it, from the same view the router uses, so they never disagree.
/// </summary>
public static class ClusterReplies
{
    // Flag names in the order Redis prints them (redisNodeFlagsTable).
    private static readonly (NodeFlags Flag, string Name)[] FlagNames =
    [
        (NodeFlags.Myself, "myself"), (NodeFlags.Primary, "master"), (NodeFlags.Replica, "slave"), (NodeFlags.PFail, "fail?"),
        (NodeFlags.Fail, "fail"), (NodeFlags.Handshake, "handshake"), (NodeFlags.NoAddr, "noaddr"), (NodeFlags.NoFailover, "nofailover"),
    ];

    // Cluster-bus message types in Redis's numbering order (CLUSTERMSG_TYPE_*), as CLUSTER INFO lists them.
    private static readonly string[] MessageTypes =
        ["ping", "pong", "meet", "fail", "publish", "auth-req", "auth-ack", "update", "mfstart", "module", "publishshard"];

    /// <summary>One line per known node, each ending in '\n' (the last one too).</summary>
    public static string Nodes(ClusterView view)
    {
        var sb = new StringBuilder();
        foreach (var node in view.Nodes)
            AppendNode(sb, view, node);
        return sb.ToString();
    }

    // <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link-state> <slot> ...
    private static void AppendNode(StringBuilder sb, ClusterView view, ClusterNodeView node)
    {
        sb.Append(node.Id).Append(' ').Append(node.Ip).Append(':').Append(node.Port).Append('@').Append(node.ClusterPort);
        if (!string.IsNullOrEmpty(node.Hostname)) sb.Append(',').Append(node.Hostname);
        sb.Append(' ').Append(Flags(node.Flags)).Append(' ').Append(node.PrimaryId ?? "-");
        sb.Append(' ').Append(node.PingSentMs).Append(' ').Append(node.PongReceivedMs);
        sb.Append(' ').Append(EpochOf(view, node));
        sb.Append(' ').Append(node.Connected || node.IsMyself ? "connected" : "disconnected");
        foreach (var span in node.Slots)
        {
            sb.Append(' ').Append(span.Start);
            if (span.End != span.Start) sb.Append('-').Append(span.End);
        }

        sb.Append('\n');
    }

    public static string Flags(NodeFlags flags)
    {
        var names = FlagNames.Where(f => (flags & f.Flag) != 0).Select(f => f.Name).ToList();
        return names.Count == 0 ? "noflags" : string.Join(',', names);
    }

    // A replica shows its primary's config epoch, as Redis does (nodeEpoch = node->slaveof->configEpoch).
    private static long EpochOf(ClusterView view, ClusterNodeView node) =>
        node.PrimaryId is { } primary && view.Nodes.FirstOrDefault(n => n.Id == primary) is { } p ? p.ConfigEpoch : node.ConfigEpoch;

    /// <summary>[start, end, primary, replicas...] per maximal run of slots with one owner, in slot order.</summary>
    public static Reply Slots(ClusterView view)
    {
        var ranges = new List<Reply>();
        var slot = 0;
        while (slot < Hashing.HashSlot.Count)
        {
            var owner = view.OwnerOf(slot);
            var start = slot;
            while (slot + 1 < Hashing.HashSlot.Count && ReferenceEquals(view.OwnerOf(slot + 1), owner)) slot++;
            if (owner is not null)
            {
                var items = new List<Reply> { Reply.Integer(start), Reply.Integer(slot), SlotsNode(owner) };
                items.AddRange(ReplicasOf(view, owner).Where(r => (r.Flags & NodeFlags.Fail) == 0).Select(SlotsNode));
                ranges.Add(Reply.Array(items));
            }

            slot++;
        }

        return Reply.Array(ranges);
    }

    // [endpoint, port, id, {}]: the metadata map is "*0" in RESP2 and "%0" in RESP3, as Redis 7.0 sends.
    private static Reply SlotsNode(ClusterNodeView node) =>
        Reply.Array([Reply.Bulk(node.Ip), Reply.Integer(node.Port), Reply.Bulk(node.Id), Reply.Map([])]);

    private static IEnumerable<ClusterNodeView> ReplicasOf(ClusterView view, ClusterNodeView primary) =>
        view.Nodes.Where(n => n.PrimaryId == primary.Id && (n.Flags & NodeFlags.Replica) != 0);

    /// <summary>One map per primary (slotless ones too): its slots as flat start/end pairs and its nodes.</summary>
    public static Reply Shards(ClusterView view)
    {
        var shards = new List<Reply>();
        foreach (var primary in view.Nodes.Where(IsPrimary))
        {
            var slots = primary.Slots.SelectMany(s => new[] { Reply.Integer(s.Start), Reply.Integer(s.End) }).ToList();
            var nodes = new List<Reply> { ShardNode(primary) };
            nodes.AddRange(ReplicasOf(view, primary).Select(ShardNode));
            shards.Add(Reply.Map(
            [
                new(Reply.Bulk("slots"), Reply.Array(slots)),
                new(Reply.Bulk("nodes"), Reply.Array(nodes)),
            ]));
        }

        return Reply.Array(shards);
    }

    private static bool IsPrimary(ClusterNodeView node) => (node.Flags & NodeFlags.Primary) != 0 && (node.Flags & NodeFlags.Replica) == 0;

    private static Reply ShardNode(ClusterNodeView node)
    {
        var replica = (node.Flags & NodeFlags.Replica) != 0;
        var fields = new List<KeyValuePair<Reply, Reply>>
        {
            new(Reply.Bulk("id"), Reply.Bulk(node.Id)),
            new(Reply.Bulk("port"), Reply.Integer(node.Port)),
            new(Reply.Bulk("ip"), Reply.Bulk(node.Ip)),
            new(Reply.Bulk("endpoint"), Reply.Bulk(node.Ip)),
        };
        if (!string.IsNullOrEmpty(node.Hostname)) fields.Add(new(Reply.Bulk("hostname"), Reply.Bulk(node.Hostname)));
        fields.Add(new(Reply.Bulk("role"), Reply.Bulk(replica ? "replica" : "master")));
        fields.Add(new(Reply.Bulk("replication-offset"), Reply.Integer(0)));
        // No replication yet: a replica has offset 0, which Redis reports as "loading".
        var health = (node.Flags & NodeFlags.Fail) != 0 ? "fail" : replica ? "loading" : "online";
        fields.Add(new(Reply.Bulk("health"), Reply.Bulk(health)));
        return Reply.Map(fields);
    }

    /// <summary>CLUSTER INFO's field:value lines, CRLF-terminated.</summary>
    public static string Info(ClusterView view)
    {
        int assigned = 0, pfail = 0, fail = 0;
        for (var slot = 0; slot < Hashing.HashSlot.Count; slot++)
        {
            if (view.OwnerOf(slot) is not { } owner) continue;
            assigned++;
            if ((owner.Flags & NodeFlags.Fail) != 0) fail++;
            else if ((owner.Flags & NodeFlags.PFail) != 0) pfail++;
        }

        var sb = new StringBuilder();
        Field(sb, "cluster_state", view.IsOk ? "ok" : "fail");
        Field(sb, "cluster_slots_assigned", assigned);
        Field(sb, "cluster_slots_ok", assigned - pfail - fail);
        Field(sb, "cluster_slots_pfail", pfail);
        Field(sb, "cluster_slots_fail", fail);
        Field(sb, "cluster_known_nodes", view.Nodes.Count);
        Field(sb, "cluster_size", view.Nodes.Count(n => IsPrimary(n) && n.Slots.Count > 0));
        Field(sb, "cluster_current_epoch", view.CurrentEpoch);
        Field(sb, "cluster_my_epoch", EpochOf(view, view.Myself));
        Messages(sb, "sent", view.Stats.Sent);
        Messages(sb, "received", view.Stats.Received);
        Field(sb, "total_cluster_links_buffer_limit_exceeded", 0);
        return sb.ToString();
    }

    // Only non-zero types are listed (Redis's rule), Redis's types first in its order, then any of our own, then the total.
    private static void Messages(StringBuilder sb, string direction, IReadOnlyDictionary<string, long> counts)
    {
        var ordered = MessageTypes.Where(counts.ContainsKey)
            .Concat(counts.Keys.Where(k => !MessageTypes.Contains(k)).OrderBy(k => k, StringComparer.Ordinal));
        foreach (var type in ordered)
            if (counts[type] != 0) Field(sb, $"cluster_stats_messages_{type}_{direction}", counts[type]);
        Field(sb, $"cluster_stats_messages_{direction}", counts.Values.Sum());
    }

    private static void Field<T>(StringBuilder sb, string name, T value) => sb.Append(name).Append(':').Append(value).Append("\r\n");

    /// <summary>
    /// CLUSTER MYSHARDID (Redis 7.2; 7.0 has none): 40 lowercase hex characters, stable across restarts because it is derived
    /// from the shard primary's node id (the first 20 bytes of SHA-256 of "blobasaur-shard:" + id), so a replica reports its
    /// primary's shard.
    /// </summary>
    public static string ShardId(ClusterView view)
    {
        var primary = view.Myself.PrimaryId ?? view.MyId;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("blobasaur-shard:" + primary)).AsSpan(0, 20));
    }
}
