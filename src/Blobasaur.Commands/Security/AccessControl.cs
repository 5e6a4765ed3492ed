using System.Text;
using Blobasaur.Config;
using Blobasaur.Protocol;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Commands.Security;

/// <summary>
/// Who may run what: the users (from <c>[[users]]</c> and <c>requirepass</c>), authentication, and the one check every request
/// passes after the dispatcher found its row and checked its arity (the order of redis processCommand): an unauthenticated
/// connection may run only commands flagged no-auth (-NOAUTH), then the user's command rules (-NOPERM ... command), then its
/// key patterns on every key position of the row (-NOPERM ... keys).
/// </summary>
public sealed partial class AccessControl
{
    private readonly Dictionary<string, AclUser> _users;
    private readonly ILogger _logger;
    private long _failedAuth;

    public AccessControl(BlobasaurConfig config, CommandTable table, ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger("Blobasaur.Security");
        _users = new Dictionary<string, AclUser>(StringComparer.Ordinal);
        foreach (var user in config.Users) _users[user.Name] = AclCompiler.Compile(user, table);
        if (!_users.ContainsKey("default")) _users["default"] = AclCompiler.DefaultUser(config.Server.RequirePass, table);
        Default = _users["default"];
        AuthRequired = !(Default.NoPass && Default.Enabled);
    }

    public AclUser Default { get; }

    /// <summary>Whether a new connection must authenticate first: the default user has a password or is disabled.</summary>
    public bool AuthRequired { get; }

    public IEnumerable<AclUser> Users => _users.Values.OrderBy(u => u.Name, StringComparer.Ordinal);

    /// <summary>AUTH and HELLO AUTH attempts that failed since startup.</summary>
    public long FailedAuthentications => Interlocked.Read(ref _failedAuth);

    /// <summary>The user a connection runs as: the one it authenticated as, else "default" when that needs no password.</summary>
    public AclUser? UserOf(ClientState client) => client.Principal ?? (AuthRequired ? null : Default);

    public bool IsAuthenticated(ClientState client) => client.Principal is not null || !AuthRequired;

    /// <summary>The dispatcher's hook: null when the request may run, else the error to reply.</summary>
    public string? Check(CommandDefinition definition, byte[][] args, ClientState client)
    {
        var user = client.Principal;
        if (user is null)
        {
            if (!AuthRequired) user = Default;
            else return IsNoAuth(definition) ? null : RespErrors.NoAuth;
        }

        if (user.AllCommands && user.AllKeys) return null;
        if (!user.CanRun(definition) && !IsNoAuth(definition)) return RespErrors.NoPermCommand(definition.LowerName);
        return user.CanAccessKeys(definition, args) ? null : RespErrors.NoPermKeys;
    }

    /// <summary>AUTH / HELLO AUTH: signs the connection in as the user, or counts and logs the failure (never the password).</summary>
    public bool TryAuthenticate(ClientState client, string userName, ReadOnlySpan<byte> password)
    {
        if (_users.TryGetValue(userName, out var user) && user.Accepts(password))
        {
            client.Principal = user;
            client.User = user.Name;
            return true;
        }

        Interlocked.Increment(ref _failedAuth);
        LogAuthFailed(RespErrors.Clean(userName), client.Address);
        return false;
    }

    private static bool IsNoAuth(CommandDefinition definition) =>
        ((definition.Flags | (definition.Parent?.Flags ?? CommandFlags.None)) & CommandFlags.NoAuth) != 0;

    /// <summary>
    /// Commands whose arguments carry secrets (AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2, ACL SETUSER, CONFIG SET requirepass):
    /// MONITOR, SLOWLOG, logs and CLIENT LIST must show them through <see cref="Redact"/> only.
    /// </summary>
    public static bool IsSensitive(ReadOnlySpan<byte> command) =>
        Ascii.EqualsIgnoreCase(command, "AUTH"u8) || Ascii.EqualsIgnoreCase(command, "HELLO"u8)
        || Ascii.EqualsIgnoreCase(command, "MIGRATE"u8) || Ascii.EqualsIgnoreCase(command, "ACL"u8)
        || Ascii.EqualsIgnoreCase(command, "CONFIG"u8);

    /// <summary>
    /// The arguments as they may be shown (MONITOR, SLOWLOG, logs), as Redis 7 redacts them: every argument of AUTH; the
    /// username and password after HELLO's AUTH and MIGRATE's AUTH2 (the password after MIGRATE's AUTH); for ACL and CONFIG
    /// everything after the subcommand. Other requests are returned as is.
    /// </summary>
    public static byte[][] Redact(byte[][] args)
    {
        if (args.Length < 2 || !IsSensitive(args[0])) return args;
        var redacted = (byte[][])args.Clone();
        if (Ascii.EqualsIgnoreCase(args[0], "AUTH"u8))
            RedactFrom(redacted, 1, args.Length - 1);
        else if (Ascii.EqualsIgnoreCase(args[0], "ACL"u8) || Ascii.EqualsIgnoreCase(args[0], "CONFIG"u8))
            RedactFrom(redacted, 2, args.Length - 2);
        else
        {
            for (var i = 1; i < args.Length; i++)
            {
                if (Ascii.EqualsIgnoreCase(args[i], "AUTH"u8))
                    i += RedactFrom(redacted, i + 1, Ascii.EqualsIgnoreCase(args[0], "MIGRATE"u8) ? 1 : 2);
                else if (Ascii.EqualsIgnoreCase(args[i], "AUTH2"u8))
                    i += RedactFrom(redacted, i + 1, 2);
            }
        }

        return redacted;
    }

    private static int RedactFrom(byte[][] args, int start, int count)
    {
        var end = Math.Min(args.Length, start + count);
        for (var i = start; i < end; i++) args[i] = Redacted;
        return Math.Max(0, end - start);
    }

    private static readonly byte[] Redacted = Encoding.ASCII.GetBytes("(redacted)");

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Authentication failed for user '{User}' from {Address}")]
    private partial void LogAuthFailed(string user, string address);
}
