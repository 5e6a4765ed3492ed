using System.Text;

namespace Blobasaur.Protocol;

/// <summary>
/// Every error text the server sends, with Redis 7's exact wording (redis src/server.c, networking.c, t_string.c).
/// User input inside an error is truncated to 128 characters and has CR/LF replaced by spaces, as Redis does,
/// so a hostile argument can never break the reply framing.
/// </summary>
public static class RespErrors
{
    public const string Syntax = "ERR syntax error";
    public const string NotInteger = "ERR value is not an integer or out of range";
    public const string NotFloat = "ERR value is not a valid float";
    public const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public const string DbIndexOutOfRange = "ERR DB index is out of range";
    public const string NoProto = "NOPROTO unsupported protocol version";
    public const string InternalError = "ERR internal error";
    public const string NoSuchKey = "ERR no such key";
    public const string ClusterDisabled = "ERR This instance has cluster support disabled";
    public const string InvalidClientName = "ERR Client names cannot contain spaces, newlines or special characters.";
    public const string MaxClients = "ERR max number of clients reached";
    public const string ShuttingDown = "ERR server is shutting down";

    private const int MaxUserText = 128;

    public static string UnknownCommand(byte[][] args)
    {
        var sb = new StringBuilder("ERR unknown command '").Append(Clean(args[0])).Append("', with args beginning with: ");
        for (var i = 1; i < args.Length && sb.Length < MaxUserText * 4; i++) sb.Append('\'').Append(Clean(args[i])).Append("' ");
        return sb.ToString();
    }

    /// <summary>"ERR wrong number of arguments for 'get' command"; subcommands are named "client|setname" as in Redis 7.</summary>
    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName.ToLowerInvariant()}' command";

    public static string UnknownSubcommand(byte[] sub, string command) =>
        $"ERR unknown subcommand '{Clean(sub)}'. Try {command.ToUpperInvariant()} HELP.";

    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";

    public static string ProtocolError(string detail) => "ERR Protocol error: " + detail;

    // Ours, not Redis's: a stored value that cannot be read back (Storage StoredValueException). The codec name is ours too.
    public static string StoredValueCorrupt(string codec) => $"ERR stored value is corrupt (codec {codec})";

    public static string StoredValueCodecUnavailable(string codec) =>
        $"ERR stored value needs codec {codec}, which is not available on this server (see the server log)";

    public static string UnknownConfigParameter(string name) => $"ERR Unknown option or number of arguments for CONFIG SET - '{Clean(name)}'";

    /// <summary>Redis's sanitisation of user text placed in an error: at most 128 characters, CR and LF become spaces.</summary>
    public static string Clean(byte[] input) => Clean(Encoding.UTF8.GetString(input, 0, Math.Min(input.Length, MaxUserText)));

    public static string Clean(string input)
    {
        var text = input.Length > MaxUserText ? input[..MaxUserText] : input;
        return text.Replace('\r', ' ').Replace('\n', ' ');
    }
}
