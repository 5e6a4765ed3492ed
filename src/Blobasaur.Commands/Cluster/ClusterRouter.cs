using Blobasaur.Cluster;
using Blobasaur.Hashing;

namespace Blobasaur.Commands.Cluster;

/// <summary>
/// The cluster gate before dispatch (redis getNodeByQuery, src/cluster.c), driven by the command table's key positions:
///   1. a command without keys runs here;
///   2. the first key's slot has no owner: CLUSTERDOWN Hash slot not served;
///   3. a later key in another slot: CROSSSLOT (found while scanning keys, so before any MOVED, and nothing has run yet);
///   4. the cluster is down (cluster_state:fail), or with require_full_coverage = false this slot is unreachable: CLUSTERDOWN;
///   5. the slot is owned by another node: MOVED slot ip:port (never to ourselves);
///   6. otherwise the command runs here.
/// The dispatcher calls it only when a cluster layer exists (one null check on a standalone node), and the keyed path
/// allocates nothing but the error text it returns. There is no slot migration yet, so ASKING is accepted and cleared at the
/// next command without changing any decision; READONLY changes nothing either, as there are no replicas.
/// </summary>
public static class ClusterRouter
{
    /// <summary>The redirect or refusal for this request (error text without '-'), or null when it may run on this node.</summary>
    public static string? Check(
        IClusterService cluster, ServerContext server, CommandDefinition definition, byte[][] args, ClientState client)
    {
        if ((client.ClusterFlags & ClusterClientFlags.Asking) != 0 && definition.Name != "ASKING")
            client.ClusterFlags &= ~ClusterClientFlags.Asking;
        if (definition.FirstKey <= 0) return null;

        var byField = server.Config.Cluster.NamespaceStrategy == "key";
        if (!byField || !HashFieldRouting.TryGetFields(definition, args, out var first, out var last, out var step))
        {
            // MovableKeys rows (none yet) must declare first/last/step covering every key they may take.
            first = definition.FirstKey;
            last = definition.LastKey < 0 ? args.Length + definition.LastKey : Math.Min(definition.LastKey, args.Length - 1);
            step = Math.Max(definition.Step, 1);
        }

        return Decide(cluster, args, first, last, step);
    }

    private static string? Decide(IClusterService cluster, byte[][] args, int first, int last, int step)
    {
        var view = cluster.View;
        ClusterNodeView? owner = null;
        var slot = -1;
        for (var i = first; i <= last; i += step)
        {
            var keySlot = HashSlot.Of(args[i]);
            if (slot < 0)
            {
                slot = keySlot;
                owner = view.OwnerOf(slot);
                if (owner is null) return ClusterErrors.SlotNotServed;
            }
            else if (keySlot != slot)
            {
                return ClusterErrors.CrossSlot;
            }
        }

        if (owner is null) return null;
        if (!view.IsOk || !cluster.IsSlotReachable(slot)) return ClusterErrors.ClusterDown;
        if (owner.IsMyself || owner.Id == view.MyId) return null;
        return ClusterErrors.Moved(slot, owner.Ip, owner.Port);
    }
}
