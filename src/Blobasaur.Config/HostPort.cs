using System.Globalization;
using System.Net;

namespace Blobasaur.Config;

/// <summary>
/// A listen or peer address written "host:port": <c>127.0.0.1:6379</c>, <c>[::1]:6379</c> or <c>node-1.local:6379</c>.
/// IPv6 literals need brackets, as in URIs, because their colons would otherwise be ambiguous with the port.
/// </summary>
public readonly record struct HostPort(string Host, int Port)
{
    public const string Rule = "must be host:port, e.g. 127.0.0.1:6379, [::1]:6379 or node-1:6379, with a port from 0 to 65535";

    public static bool TryParse(string? text, out HostPort value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
            return false;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !TryParsePort(text[(colon + 1)..], out var port))
            return false;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            var inner = host[1..^1];
            if (!IPAddress.TryParse(inner, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return false;
            host = inner;
        }
        else if (host.Contains(':') || !IsHostName(host))
            return false;
        value = new HostPort(host, port);
        return true;
    }

    public static HostPort Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' {Rule}");

    public HostPort WithPort(int port) => this with { Port = port };

    public override string ToString() =>
        (Host.Contains(':') ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535 && text.Length <= 5;

    // IPv4 dotted quads pass this too. Labels follow RFC 1123 loosely (letters, digits, '-', '_'), which is all a bind or
    // DNS lookup needs; anything odder is more likely a typo than a real name.
    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253
        && host.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            && label[0] != '-' && label[^1] != '-');
}
