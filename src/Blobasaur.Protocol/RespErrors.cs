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
    public const string ClusterDisabled = "ERR This instance has cluster support disabled";
    public const string InvalidClientName = "ERR Client names cannot contain spaces, newlines or special characters.";
    public const string MaxClients = "ERR max number of clients reached";
    public const string ShuttingDown = "ERR server is shutting down";
    public const string InvalidCursor = "ERR invalid cursor";
    public const string OffsetOutOfRange = "ERR offset is out of range";
    public const string StringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    /// <summary>Ours (Redis has no such error; its persistence failures say MISCONF): see docs/compatibility.md.</summary>
    public static string DiskFull(int shard) =>
        $"ERR disk full: shard {shard} cannot grow (SQLITE_FULL); free space on the data directory and retry";

    private const int MaxUserText = 128;

    /// <summary>
    /// As redis processCommand: the name cut to 128 bytes, then arguments quoted while the list is shorter than 128 bytes,
    /// each cut to the room left, so "FOO &lt;200 bytes&gt; b" lists only the first 128 bytes of the first argument.
    /// </summary>
    public static string UnknownCommand(byte[][] args)
    {
        var sb = new StringBuilder("ERR unknown command '").Append(Clean(args[0])).Append("', with args beginning with: ");
        var listed = 0;
        for (var i = 1; i < args.Length && listed < MaxUserText; i++)
        {
            var arg = args[i].AsSpan(0, Math.Min(args[i].Length, MaxUserText - listed));
            sb.Append('\'').Append(Encoding.UTF8.GetString(arg).Replace('\r', ' ').Replace('\n', ' ')).Append("' ");
            listed += arg.Length + 3;
        }

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

    // Expiry (redis 7.0 expire.c parseExtendedExpireArgumentsOrReply; redis 8.0 t_hash.c for the hash-field commands).
    public const string ExpireNxConflict = "ERR NX and XX, GT or LT options at the same time are not compatible";
    public const string ExpireGtLtConflict = "ERR GT and LT options at the same time are not compatible";
    public const string FieldsMissing = "ERR Mandatory argument FIELDS is missing or not at the right position";
    public const string NumFieldsNotPositive = "ERR Parameter `numFields` should be greater than 0";
    public const string NumFieldsNotPositiveInteger = "ERR Number of fields must be a positive integer";
    public const string NumFieldsMismatch = "ERR The `numfields` parameter must match the number of arguments";
    public const string FieldExpireNegative = "ERR invalid expire time, must be >= 0";
    public const string InvalidNumberOfFields = "ERR invalid number of fields";
    public const string MissingExpireTime = "ERR missing expire time";
    public const string OnlyOneFxxFnx = "ERR Only one of FXX or FNX arguments can be specified";
    public const string OnlyOneExpiration = "ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified";

    public static string UnsupportedOption(byte[] option) => "ERR Unsupported option " + Clean(option);

    public static string UnknownArgument(byte[] argument) => "ERR unknown argument: " + Clean(argument);

    // Access control (redis 7.0 server.c processCommand, acl.c, networking.c clientAcceptHandler).
    public const string NoAuth = "NOAUTH Authentication required.";
    public const string WrongPass = "WRONGPASS invalid username-password pair or user is disabled.";
    public const string AuthWithoutPassword = "ERR AUTH <password> called without any password configured for the default user. "
        + "Are you sure your configuration is correct?";
    public const string HelloNoAuth = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
        + "<user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";
    public const string NoPermKeys = "NOPERM this user has no permissions to access one of the keys used as arguments";
    public const string UnauthenticatedMultibulk = "unauthenticated multibulk length";
    public const string UnauthenticatedBulk = "unauthenticated bulk length";
    public const string ProtectedModeDenied = "DENIED Redis is running in protected mode because protected mode is enabled and no "
        + "password is set for the default user. In this mode connections are only accepted from the loopback interface. If you "
        + "want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable "
        + "protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis "
        + "from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do "
        + "so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by "
        + "editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. "
        + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a "
        + "an authentication password for the default user. NOTE: You only need to do one of the above things in order for the "
        + "server to start accepting connections from the outside.";

    public static string NoPermCommand(string lowerFullName) => $"NOPERM this user has no permissions to run the '{lowerFullName}' command";

    public static string UnknownAclCategory(byte[] category) => $"ERR Unknown category '{Clean(category)}'";
}
