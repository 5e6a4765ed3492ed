namespace Blobasaur.Commands;

/// <summary>A command handler: validates its arguments, calls storage, maps the outcome to a reply.</summary>
public delegate ValueTask<Protocol.Reply> CommandHandler(CommandContext ctx);

/// <summary>
/// One row of the command table. Arity follows Redis: N means exactly N arguments including the name, -N means at least N.
/// Key positions (first, last, step) follow Redis too: last = -1 means "up to the last argument"; 0/0/0 means no keys.
/// The same row feeds the dispatcher (existence, arity), COMMAND INFO/DOCS/GETKEYS and the cluster router.
/// </summary>
public sealed record CommandDefinition(
    string Name,
    int Arity,
    CommandFlags Flags,
    int FirstKey,
    int LastKey,
    int Step,
    CommandGroup Group,
    string Summary,
    string Since,
    CommandHandler Handler)
{
    /// <summary>Subcommands of a container command (CLIENT, CONFIG, COMMAND), keyed case-insensitively.</summary>
    public IReadOnlyDictionary<string, CommandDefinition>? Subcommands { get; init; }

    /// <summary>The parent of a subcommand, so errors and COMMAND replies can say "client|setname".</summary>
    public CommandDefinition? Parent { get; set; }

    public string FullName => Parent is null ? Name : $"{Parent.Name}|{Name}";

    /// <summary>"get", "client|list": the name in stats, CLIENT LIST and COMMAND replies, computed once (hot path).</summary>
    public string LowerName => _lowerName ??= FullName.ToLowerInvariant();

    private string? _lowerName;

    public bool IsWrite => (Flags & CommandFlags.Write) != 0;

    public bool AcceptsArgumentCount(int count) => Arity >= 0 ? count == Arity : count >= -Arity;

    /// <summary>Argument indexes of the keys in a request, from first/last/step.</summary>
    public IEnumerable<int> KeyIndexes(int argumentCount)
    {
        if (FirstKey <= 0) yield break;
        var last = LastKey < 0 ? argumentCount + LastKey : LastKey;
        for (var i = FirstKey; i <= last && i < argumentCount; i += Math.Max(Step, 1)) yield return i;
    }
}
