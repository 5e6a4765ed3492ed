namespace Blobasaur.Commands.Security;

/// <summary>
/// ACL categories (@read, @write, ...), derived from a command row's flags and group as Redis's setImplicitACLCategories does,
/// plus a short list of per-command additions for the commands Redis files under @keyspace, @dangerous or @connection although
/// their flags and group do not say so (FLUSHALL is @keyspace @dangerous, COMMAND is @connection, ...).
/// </summary>
public static class AclCategories
{
    /// <summary>Every category name, in the order Redis 7.0's ACL CAT lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream",
        "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting",
    ];

    private static readonly Dictionary<string, string[]> _extra = new(StringComparer.Ordinal)
    {
        ["flushall"] = ["keyspace", "dangerous"],
        ["flushdb"] = ["keyspace", "dangerous"],
        ["keys"] = ["dangerous"],
        ["dbsize"] = ["keyspace"],
        ["info"] = ["dangerous"],
        ["lastsave"] = ["admin", "dangerous"],
        ["command"] = ["connection"],
    };

    public static bool Exists(string category) => All.Contains(category, StringComparer.OrdinalIgnoreCase);

    /// <summary>The categories of one row (a command, or one subcommand such as client|list).</summary>
    public static HashSet<string> Of(CommandDefinition definition)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var flags = definition.Flags;
        if ((flags & CommandFlags.Write) != 0) result.Add("write");
        if ((flags & CommandFlags.ReadOnly) != 0) result.Add("read");
        if ((flags & CommandFlags.Admin) != 0)
        {
            result.Add("admin");
            result.Add("dangerous");
        }

        result.Add((flags & CommandFlags.Fast) != 0 ? "fast" : "slow");
        switch (definition.Group)
        {
            case CommandGroup.String: result.Add("string"); break;
            case CommandGroup.Hash: result.Add("hash"); break;
            case CommandGroup.Generic: result.Add("keyspace"); break;
            case CommandGroup.Connection: result.Add("connection"); break;
        }

        var family = (definition.Parent ?? definition).Name.ToLowerInvariant();
        if (_extra.TryGetValue(definition.Parent is null ? family : definition.LowerName, out var extra)
            || (definition.Parent is not null && _extra.TryGetValue(family, out extra)))
            result.UnionWith(extra);
        return result;
    }

    /// <summary>
    /// The rows an ACL can allow or deny one by one: every command without subcommands, every subcommand, and a container
    /// itself when it runs without a subcommand (COMMAND).
    /// </summary>
    public static IEnumerable<CommandDefinition> Leaves(CommandTable table)
    {
        foreach (var command in table.All)
        {
            if (command.Subcommands is null || command.AcceptsArgumentCount(1)) yield return command;
            if (command.Subcommands is null) continue;
            foreach (var sub in command.Subcommands.Values.OrderBy(s => s.Name, StringComparer.Ordinal)) yield return sub;
        }
    }
}
