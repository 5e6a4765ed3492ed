using System.Text;

namespace Blobasaur.Commands.Server;

/// <summary>
/// Passwords never reach MONITOR or SLOWLOG: as Redis 7.0, AUTH's arguments and HELLO's AUTH username and password are
/// shown as "(redacted)".
/// </summary>
internal static class MonitorRedaction
{
    public static readonly byte[] Redacted = Encoding.ASCII.GetBytes("(redacted)");

    public static byte[][] Apply(byte[][] args)
    {
        if (args.Length < 2) return args;
        if (Ascii.EqualsIgnoreCase(args[0], "auth")) return [args[0], .. args.Skip(1).Select(_ => Redacted)];
        if (!Ascii.EqualsIgnoreCase(args[0], "hello")) return args;
        for (var i = 2; i < args.Length - 2; i++)
        {
            if (!Ascii.EqualsIgnoreCase(args[i], "auth")) continue;
            var copy = (byte[][])args.Clone();
            copy[i + 1] = Redacted;
            copy[i + 2] = Redacted;
            return copy;
        }

        return args;
    }
}
