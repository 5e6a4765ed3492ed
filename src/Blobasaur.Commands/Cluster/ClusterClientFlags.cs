namespace Blobasaur.Commands.Cluster;

/// <summary>Per-connection cluster flags (redis CLIENT_ASKING / CLIENT_READONLY), kept in <see cref="ClientState.ClusterFlags"/>.</summary>
[Flags]
public enum ClusterClientFlags
{
    None = 0,
    /// <summary>ASKING: one-shot, cleared by the router at the next keyed command (no slot migration exists yet to use it).</summary>
    Asking = 1 << 0,
    /// <summary>READONLY: replica reads allowed (there are no replicas yet); READWRITE clears it.</summary>
    ReadOnly = 1 << 1,
}
