using System.Text;
using Blobasaur.Config;

namespace Blobasaur.Commands.Security;

/// <summary>
/// Turns <c>[[users]]</c> tables into <see cref="AclUser"/>s against the command table. Command rules apply left to right as
/// in Redis: a user starts with no commands; <c>+@cat</c>/<c>-@cat</c> add or remove a category, <c>+cmd</c>/<c>-cmd</c> a
/// command with all its subcommands, <c>+cmd|sub</c>/<c>-cmd|sub</c> one subcommand; <c>allcommands</c> is <c>+@all</c>
/// and <c>nocommands</c> is <c>-@all</c>. A rule naming an unknown command or category stops startup, naming the user.
/// </summary>
public static class AclCompiler
{
    public static AclUser Compile(UserConfig user, CommandTable table)
    {
        var leaves = AclCategories.Leaves(table).ToList();
        var allowed = new HashSet<CommandDefinition>(ReferenceEqualityComparer.Instance);
        var description = new List<string>();
        foreach (var raw in user.Commands)
        {
            var rule = raw.Trim();
            var normalized = Apply(rule, leaves, table, allowed)
                ?? throw new ConfigException("config", "users", $"user '{user.Name}': command rule '{rule}' is invalid: rules are "
                    + "+@category, -@category, +command, -command, +command|subcommand, -command|subcommand, allcommands or "
                    + "nocommands, with a known command or one of the categories " + string.Join(", ", AclCategories.All.Select(c => "@" + c)));
            description.Add(normalized);
        }

        if (description.Count == 0 || description[0] != "+@all") description.Insert(0, "-@all");
        if (description.Count > 1 && description[0] == "-@all" && description[1] == "-@all") description.RemoveAt(1);

        var keys = new List<string>();
        foreach (var raw in user.Keys)
        {
            var pattern = raw.StartsWith('~') ? raw[1..] : raw;
            if (pattern.Equals("allkeys", StringComparison.OrdinalIgnoreCase)) pattern = "*";
            if (pattern.Equals("resetkeys", StringComparison.OrdinalIgnoreCase)) keys.Clear();
            else if (pattern.Length > 0 && !keys.Contains(pattern)) keys.Add(pattern);
        }

        var all = leaves.All(allowed.Contains);
        var digests = user.PasswordSha256.Select(Convert.FromHexString).ToList();
        return new AclUser(user.Name, user.Enabled, user.NoPass, digests, allowed, all, keys, all ? "+@all" : string.Join(' ', description));
    }

    /// <summary>The "default" user when no [[users]] table names it: every command, every key; requirepass sets its password.</summary>
    public static AclUser DefaultUser(string? requirePass, CommandTable table)
    {
        var digests = requirePass is null ? [] : new List<byte[]> { PasswordHash.Digest(Encoding.UTF8.GetBytes(requirePass)) };
        var all = new HashSet<CommandDefinition>(AclCategories.Leaves(table), ReferenceEqualityComparer.Instance);
        return new AclUser("default", enabled: true, noPass: requirePass is null, digests, all, allCommands: true, ["*"], "+@all");
    }

    /// <summary>Applies one rule; returns its normalized spelling, or null when it is not a valid rule.</summary>
    private static string? Apply(string rule, List<CommandDefinition> leaves, CommandTable table, HashSet<CommandDefinition> allowed)
    {
        if (rule.Equals("allcommands", StringComparison.OrdinalIgnoreCase)) rule = "+@all";
        if (rule.Equals("nocommands", StringComparison.OrdinalIgnoreCase)) rule = "-@all";
        if (rule.Length < 2 || rule[0] is not ('+' or '-')) return null;
        var add = rule[0] == '+';
        var name = rule[1..].ToLowerInvariant();
        IEnumerable<CommandDefinition> rows;
        if (name == "@all") rows = leaves;
        else if (name.StartsWith('@'))
        {
            if (!AclCategories.Exists(name[1..])) return null;
            rows = leaves.Where(l => AclCategories.Of(l).Contains(name[1..])).ToList();
        }
        else if (Resolve(name, table) is { } found) rows = found;
        else return null;

        foreach (var row in rows)
            if (add) allowed.Add(row);
            else allowed.Remove(row);
        return rule[0] + name;
    }

    private static List<CommandDefinition>? Resolve(string name, CommandTable table)
    {
        var bar = name.IndexOf('|');
        var commandName = bar < 0 ? name : name[..bar];
        if (!table.TryGet(Encoding.UTF8.GetBytes(commandName), out var command)) return null;
        if (bar >= 0)
            return table.TryGetSubcommand(command, Encoding.UTF8.GetBytes(name[(bar + 1)..]), out var sub) ? [sub] : null;
        var rows = new List<CommandDefinition> { command };
        rows.AddRange(command.Subcommands?.Values ?? []);
        return rows;
    }
}
