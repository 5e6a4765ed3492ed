using System.Text;

namespace Blobasaur.Commands.Security;

/// <summary>
/// One user, compiled once at startup from its <c>[[users]]</c> table (or from requirepass for "default"): the password digests,
/// the set of command rows it may run, and its key patterns. Immutable, so every connection can share it.
/// </summary>
public sealed class AclUser
{
    private readonly HashSet<CommandDefinition> _commands;
    private readonly byte[][] _keyPatterns;
    private readonly byte[][] _passwordDigests;

    internal AclUser(string name, bool enabled, bool noPass, IReadOnlyList<byte[]> passwordDigests,
        HashSet<CommandDefinition> commands, bool allCommands, IReadOnlyList<string> keyPatterns, string description)
    {
        Name = name;
        Enabled = enabled;
        NoPass = noPass;
        _passwordDigests = [.. passwordDigests];
        _commands = commands;
        AllCommands = allCommands;
        KeyPatterns = keyPatterns;
        AllKeys = keyPatterns.Contains("*");
        _keyPatterns = keyPatterns.Select(Encoding.UTF8.GetBytes).ToArray();
        Description = description;
    }

    public string Name { get; }
    public bool Enabled { get; }
    public bool NoPass { get; }
    public bool AllCommands { get; }
    public bool AllKeys { get; }
    public IReadOnlyList<string> KeyPatterns { get; }

    /// <summary>The digests as lower-case hex, for ACL LIST (never the passwords: they are not kept).</summary>
    public IEnumerable<string> PasswordDigestsHex => _passwordDigests.Select(Convert.ToHexStringLower);

    /// <summary>The command rules as ACL LIST shows them ("-@all +@read +set" or "+@all").</summary>
    public string Description { get; }

    /// <summary>Whether <paramref name="password"/> opens this user: the user is enabled and nopass, or a digest matches.</summary>
    public bool Accepts(ReadOnlySpan<byte> password)
    {
        if (!Enabled) return false;
        if (NoPass) return true;
        var match = false;
        foreach (var digest in _passwordDigests) match |= PasswordHash.Matches(password, digest);
        return match;
    }

    /// <summary>Whether this user may run <paramref name="definition"/> (a command or one subcommand).</summary>
    public bool CanRun(CommandDefinition definition) => AllCommands || _commands.Contains(definition);

    /// <summary>Whether every key argument of the request matches one of the user's patterns.</summary>
    public bool CanAccessKeys(CommandDefinition definition, byte[][] args)
    {
        if (AllKeys || definition.FirstKey <= 0) return true;
        var last = definition.LastKey < 0 ? args.Length + definition.LastKey : definition.LastKey;
        var step = Math.Max(definition.Step, 1);
        for (var i = definition.FirstKey; i <= last && i < args.Length; i += step)
            if (!MatchesAnyPattern(args[i])) return false;
        return true;
    }

    private bool MatchesAnyPattern(byte[] key)
    {
        foreach (var pattern in _keyPatterns)
            if (Glob.IsMatch(pattern, key)) return true;
        return false;
    }

    /// <summary>The ACL LIST line: "user app on #&lt;sha256&gt; ~app:* resetchannels -@all +@read".</summary>
    public string ToAclLine()
    {
        var sb = new StringBuilder("user ").Append(Name).Append(Enabled ? " on" : " off");
        if (NoPass) sb.Append(" nopass");
        foreach (var digest in PasswordDigestsHex) sb.Append(" #").Append(digest);
        foreach (var pattern in KeyPatterns) sb.Append(" ~").Append(pattern);
        sb.Append(Name == "default" && AllCommands ? " &*" : " resetchannels");
        if (Description.Length > 0) sb.Append(' ').Append(Description);
        return sb.ToString();
    }
}
