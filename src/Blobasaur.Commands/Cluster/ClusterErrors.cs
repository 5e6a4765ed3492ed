namespace Blobasaur.Commands.Cluster;

/// <summary>
/// Error texts of cluster mode, each checked byte for byte against Redis 7.0.15 (redis src/cluster.c). They live here rather
/// than in Protocol/RespErrors.cs so that cluster work does not edit a file every feature shares; the rules are the same
/// (Redis's exact wording, user input through <see cref="Protocol.RespErrors.Clean(byte[])"/>).
/// </summary>
public static class ClusterErrors
{
    public const string CrossSlot = "CROSSSLOT Keys in request don't hash to the same slot";
    public const string SlotNotServed = "CLUSTERDOWN Hash slot not served";
    public const string ClusterDown = "CLUSTERDOWN The cluster is down";
    public const string SelectNotAllowed = "ERR SELECT is not allowed in cluster mode";
    public const string InvalidOrOutOfRangeSlot = "ERR Invalid or out of range slot";
    public const string InvalidSlot = "ERR Invalid slot";
    public const string InvalidSlotOrCount = "ERR Invalid slot or number of keys";
    public const string FlushSlotsNotEmpty = "ERR DB must be empty to perform CLUSTER FLUSHSLOTS.";
    public const string ResetNotEmpty = "ERR CLUSTER RESET can't be called with master nodes containing keys";

    /// <summary>"-MOVED 12182 127.0.0.1:7002": the endpoint is the owner's advertised ip (empty when unknown) and client port.</summary>
    public static string Moved(int slot, string ip, int port) => $"MOVED {slot} {ip}:{port}";

    public static string SlotBusy(int slot) => $"ERR Slot {slot} is already busy";

    public static string SlotUnassigned(int slot) => $"ERR Slot {slot} is already unassigned";

    public static string SlotRepeated(int slot) => $"ERR Slot {slot} specified multiple times";

    public static string StartAfterEnd(int start, int end) => $"ERR start slot number {start} is greater than end slot number {end}";

    public static string InvalidConfigEpoch(long epoch) => $"ERR Invalid config epoch specified: {epoch}";

    public static string InvalidBasePort(byte[] text) => $"ERR Invalid TCP base port specified: {Protocol.RespErrors.Clean(text)}";

    public static string InvalidBusPort(byte[] text) => $"ERR Invalid TCP bus port specified: {Protocol.RespErrors.Clean(text)}";

    public static string InvalidNodeAddress(byte[] ip, byte[] port) =>
        $"ERR Invalid node address specified: {Protocol.RespErrors.Clean(ip)}:{Protocol.RespErrors.Clean(port)}";

    /// <summary>Redis's reply when a subcommand's own argument count check fails (CLUSTER MEET a 1 2 3, CLUSTER RESET SOFT X).</summary>
    public static string SubcommandSyntax(byte[] sub) =>
        $"ERR unknown subcommand or wrong number of arguments for '{Protocol.RespErrors.Clean(sub)}'. Try CLUSTER HELP.";
}
