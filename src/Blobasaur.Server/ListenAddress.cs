using System.Net;

namespace Blobasaur.Server;

/// <summary>Parses "host:port", "[::1]:port" or "*:port" into endpoints to bind.</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string addr)
    {
        var colon = addr.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(addr.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
            throw new FormatException($"addr '{addr}' is not host:port");
        var host = addr[..colon].Trim('[', ']');
        if (host is "*" or "0.0.0.0") return new IPEndPoint(IPAddress.Any, port);
        if (host is "localhost") return new IPEndPoint(IPAddress.Loopback, port);
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        var resolved = Dns.GetHostAddresses(host);
        if (resolved.Length == 0) throw new FormatException($"addr '{addr}': host '{host}' does not resolve");
        return new IPEndPoint(resolved[0], port);
    }
}
