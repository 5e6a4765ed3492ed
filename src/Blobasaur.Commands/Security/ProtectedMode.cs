using System.Net;

namespace Blobasaur.Commands.Security;

/// <summary>
/// Redis 7.0's protected mode: while it is on and the default user has no password, only clients connecting from a loopback
/// address are served; any other client gets -DENIED and is disconnected. As in Redis 7.0 (verified against 7.0.15), the
/// bound address does not matter: a server bound to 0.0.0.0 or to one public address refuses non-loopback clients alike.
/// ACL users do not lift it: it depends on the default user only, as in Redis.
/// </summary>
public static class ProtectedMode
{
    public static bool Denies(bool protectedMode, bool defaultUserHasNoPassword, IPAddress? remote)
    {
        if (!protectedMode || !defaultUserHasNoPassword) return false;
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return !IPAddress.IsLoopback(remote);
    }
}
