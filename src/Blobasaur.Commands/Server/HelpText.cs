using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>The "X HELP" reply: status lines, as Redis's addReplyHelp.</summary>
internal static class HelpText
{
    public static Reply For(string command, params string[] lines)
    {
        var items = new List<Reply> { Reply.Simple($"{command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:") };
        items.AddRange(lines.Select(Reply.Simple));
        items.Add(Reply.Simple("HELP"));
        items.Add(Reply.Simple("    Print this help."));
        return Reply.Array(items);
    }
}
