using System.Security.Cryptography;

namespace Blobasaur.Commands.Security;

/// <summary>
/// Passwords are kept only as SHA-256 digests and compared digest to digest in constant time, so neither the time a wrong
/// password takes nor a memory dump reveals the configured one.
/// </summary>
public static class PasswordHash
{
    public static byte[] Digest(ReadOnlySpan<byte> password) => SHA256.HashData(password);

    public static bool Matches(ReadOnlySpan<byte> password, ReadOnlySpan<byte> digest)
    {
        Span<byte> candidate = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(password, candidate);
        return CryptographicOperations.FixedTimeEquals(candidate, digest);
    }
}
