namespace Blobasaur.Cluster;

/// <summary>
/// What the command layer may ask of the cluster. Mutating calls validate against the current state, persist the new state
/// atomically (write temp, fsync, rename) before returning, and publish a new <see cref="View"/>. A call that cannot be done
/// returns Redis's exact error text (without the leading '-', e.g. "ERR Slot 5 is already busy"); null means success.
/// Argument parsing (numbers, ranges 0..16383, "Invalid or out of range slot") is the command layer's job.
/// </summary>
public interface IClusterService
{
    /// <summary>The current picture; a new object after every change (read it once per request).</summary>
    ClusterView View { get; }

    /// <summary>Whether keys of <paramref name="slot"/> may be served here (false: unreachable slot with require_full_coverage = false).</summary>
    bool IsSlotReachable(int slot);

    string? AddSlots(IReadOnlyList<int> slots);
    string? DelSlots(IReadOnlyList<int> slots);

    /// <summary>Unassigns every slot of this node (CLUSTER FLUSHSLOTS; the command layer checks the store is empty).</summary>
    string? FlushSlots();

    /// <summary>Starts a handshake with the node whose gossip port is ip:clusterPort (CLUSTER MEET).</summary>
    string? Meet(string ip, int port, int clusterPort);

    string? Forget(string nodeId);

    /// <summary>CLUSTER RESET SOFT|HARD (the command layer checks the store is empty): forget all nodes, drop slots; HARD also new id, epochs 0.</summary>
    string? Reset(bool hard);

    string? SetConfigEpoch(long epoch);

    /// <summary>CLUSTER BUMPEPOCH: true with the new epoch when bumped, false with the current one otherwise ("STILL").</summary>
    (bool Bumped, long Epoch) BumpEpoch();

    string? SaveConfig();
}
