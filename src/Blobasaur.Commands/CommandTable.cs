using System.Text;
using Blobasaur.Commands.Server;
using static Blobasaur.Commands.CommandFlags;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands;

/// <summary>
/// Every command the server knows, one row each. The dispatcher enforces existence and arity from these rows, and COMMAND,
/// COMMAND INFO/DOCS/GETKEYS and the cluster router read them too, so a row is the single truth about a command.
/// How to add a command:
///   1. write a small handler (a static method returning ValueTask&lt;Reply&gt;) in the family folder (Strings/, Hashes/, ...);
///   2. add its row below (name, arity, flags, first/last/step key positions, group, one-line summary, Redis version);
///   3. add a test; the wrong-arity test covers the row automatically.
/// </summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandDefinition> _commands;
    private readonly Dictionary<string, CommandDefinition>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CommandTable(IEnumerable<CommandDefinition> rows)
    {
        _commands = new Dictionary<string, CommandDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            _commands.Add(row.Name, row);
            foreach (var sub in row.Subcommands?.Values ?? []) sub.Parent = row;
        }

        _lookup = _commands.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static CommandTable CreateDefault() => new(DefaultRows());

    public IEnumerable<CommandDefinition> All => _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    public int Count => _commands.Count;

    /// <summary>Finds a command by its name bytes, case-insensitively and without allocating.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out CommandDefinition definition)
    {
        definition = null!;
        if (name.Length is 0 or > 64) return false;
        Span<char> chars = stackalloc char[name.Length];
        Encoding.Latin1.GetChars(name, chars);
        return _lookup.TryGetValue(chars, out definition!);
    }

    public bool TryGetSubcommand(CommandDefinition container, ReadOnlySpan<byte> name, out CommandDefinition sub)
    {
        sub = null!;
        if (container.Subcommands is null || name.Length is 0 or > 64) return false;
        return container.Subcommands.TryGetValue(Encoding.Latin1.GetString(name), out sub!);
    }

    public static CommandDefinition Row(
        string name, int arity, CommandFlags flags, int first, int last, int step, G group, string summary, string since,
        CommandHandler handler) => new(name, arity, flags, first, last, step, group, summary, since, handler);

    /// <summary>A container command (CLIENT, CONFIG, COMMAND) whose rows are its subcommands.</summary>
    public static CommandDefinition Container(
        string name, int arity, CommandFlags flags, G group, string summary, string since, CommandHandler handler,
        params CommandDefinition[] subcommands) =>
        new(name, arity, flags, 0, 0, 0, group, summary, since, handler)
        {
            Subcommands = subcommands.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase),
        };

    private static IEnumerable<CommandDefinition> DefaultRows()
    {
        foreach (var row in ConnectionRows()) yield return row;
        foreach (var row in ServerRows()) yield return row;
        foreach (var row in Strings.StringCommands.Rows()) yield return row;
        foreach (var row in Keys.KeyCommands.Rows()) yield return row;
        foreach (var row in Hashes.HashCommands.Rows()) yield return row;
        foreach (var row in Expiry.ExpiryCommands.Rows()) yield return row;
        foreach (var row in Scan.ScanCommands.Rows()) yield return row;
        foreach (var row in Strings.RangeCommands.Rows()) yield return row;
        foreach (var row in Cluster.ClusterCommands.Rows()) yield return row;
        foreach (var row in Maintenance.MaintenanceCommands.Rows()) yield return row;
        foreach (var row in Security.AclCommands.Rows()) yield return row;
    }

    private static IEnumerable<CommandDefinition> ConnectionRows()
    {
        yield return Row("PING", -1, Fast | Stale, 0, 0, 0, G.Connection, "Returns the server's liveliness response.", "1.0.0",
            ConnectionCommands.Ping);
        yield return Row("ECHO", 2, Fast | Stale, 0, 0, 0, G.Connection, "Returns the given string.", "1.0.0", ConnectionCommands.Echo);
        yield return Row("HELLO", -1, NoAuth | Fast | Stale | Loading | NoScript, 0, 0, 0, G.Connection,
            "Handshakes with the server.", "6.0.0", HelloCommand.Hello);
        yield return Row("QUIT", -1, NoAuth | Fast | Stale | Loading | NoScript, 0, 0, 0, G.Connection,
            "Closes the connection.", "1.0.0", ConnectionCommands.Quit);
        yield return Row("RESET", 1, NoAuth | Fast | Stale | Loading | NoScript, 0, 0, 0, G.Connection,
            "Resets the connection.", "6.2.0", ConnectionCommands.Reset);
        yield return Row("SELECT", 2, Fast | Stale | Loading, 0, 0, 0, G.Connection, "Changes the selected database.", "1.0.0",
            ConnectionCommands.Select);
        yield return ClientCommands.Definition();
    }

    private static IEnumerable<CommandDefinition> ServerRows()
    {
        yield return CommandCommands.Definition();
        yield return ConfigCommands.Definition();
        yield return Row("INFO", -1, Loading | Stale, 0, 0, 0, G.Server, "Returns information and statistics about the server.", "1.0.0",
            InfoCommand.Info);
        yield return Row("TIME", 1, Fast | Loading | Stale, 0, 0, 0, G.Server, "Returns the server time.", "2.6.0",
            ServerCommands.Time);
        yield return Row("LASTSAVE", 1, Fast | Loading | Stale, 0, 0, 0, G.Server,
            "Returns the Unix timestamp of the last successful save to disk.", "1.0.0", ServerCommands.LastSave);
        yield return SlowlogCommands.Definition();
        yield return MonitorCommand.Definition();
    }
}
