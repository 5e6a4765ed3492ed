using System.Security.Cryptography;
using System.Text;

namespace Blobasaur.Cluster;

/// <summary>
/// Node ids as Redis Cluster prints them: 40 lowercase hex characters (160 bits). Clients and redis-cli reject anything else
/// (redis <c>verifyClusterNodeId</c>). A configured <c>cluster.node_id</c> name maps to an id by SHA-1, so the same name gives
/// the same id on every start and every machine; without a name the id is random and the state file keeps it.
/// </summary>
public static class NodeId
{
    public const int Length = 40;

    /// <summary>SHA-1 of the UTF-8 name as lowercase hex. Check value: "n1" -> "7e4d8d8d..."-style, fixed by a unit test.</summary>
    public static string FromName(string name) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(name)));

    public static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    internal static byte[] ToBytes(string id) => Convert.FromHexString(id);

    internal static string FromBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
