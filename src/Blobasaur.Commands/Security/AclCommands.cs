using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Security;

/// <summary>AUTH and the read-only part of ACL (WHOAMI, LIST, USERS, CAT, HELP): users come from the configuration file.</summary>
public static class AclCommands
{
    public static IEnumerable<CommandDefinition> Rows()
    {
        yield return Row("AUTH", -2, NoScript | Loading | Stale | Fast | NoAuth, 0, 0, 0, G.Connection,
            "Authenticates the connection.", "1.0.0", Auth);
        yield return Container("ACL", -2, None, G.Server, "A container for Access List Control commands.", "6.0.0", Help,
            Row("WHOAMI", 2, NoScript | Loading | Stale, 0, 0, 0, G.Server, "Returns the authenticated username of the current connection.",
                "6.0.0", WhoAmI),
            Row("LIST", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, G.Server, "Dumps the effective rules in ACL file format.", "6.0.0",
                List),
            Row("USERS", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, G.Server, "Lists all ACL users.", "6.0.0", Users),
            Row("CAT", -2, NoScript | Loading | Stale, 0, 0, 0, G.Server, "Lists the ACL categories, or the commands inside a category.",
                "6.0.0", Cat),
            Row("HELP", 2, Loading | Stale, 0, 0, 0, G.Server, "Returns helpful text about the different subcommands.", "6.0.0", Help));
    }

    // AUTH [username] password
    public static ValueTask<Reply> Auth(CommandContext ctx)
    {
        if (ctx.Count > 3) return Done(Reply.Error(RespErrors.Syntax));
        var security = ctx.Server.Security;
        if (ctx.Count == 2 && security.Default.NoPass && security.Default.Enabled) return Done(Reply.Error(RespErrors.AuthWithoutPassword));
        var user = ctx.Count == 2 ? "default" : ctx.ArgString(1);
        return Done(security.TryAuthenticate(ctx.Client, user, ctx.Arg(ctx.Count - 1)) ? Reply.Ok : Reply.Error(RespErrors.WrongPass));
    }

    // ACL WHOAMI
    private static ValueTask<Reply> WhoAmI(CommandContext ctx) => Done(Reply.Bulk(ctx.Client.User));

    // ACL LIST: one line per user, sorted by name, with password digests (never passwords).
    private static ValueTask<Reply> List(CommandContext ctx) =>
        Done(Reply.Array(ctx.Server.Security.Users.Select(u => Reply.Bulk(u.ToAclLine())).ToList()));

    // ACL USERS
    private static ValueTask<Reply> Users(CommandContext ctx) =>
        Done(Reply.Array(ctx.Server.Security.Users.Select(u => Reply.Bulk(u.Name)).ToList()));

    // ACL CAT [category]
    private static ValueTask<Reply> Cat(CommandContext ctx)
    {
        if (ctx.Count > 3) return Done(Reply.Error(RespErrors.WrongArity("acl|cat")));
        if (ctx.Count == 2) return Done(Reply.Array(AclCategories.All.Select(Reply.Bulk).ToList()));
        var category = ctx.ArgString(2).ToLowerInvariant();
        if (!AclCategories.Exists(category)) return Done(Reply.Error(RespErrors.UnknownAclCategory(ctx.Arg(2))));
        return Done(Reply.Array(AclCategories.Leaves(ctx.Server.Commands)
            .Where(c => AclCategories.Of(c).Contains(category)).Select(c => Reply.Bulk(c.LowerName)).ToList()));
    }

    private static ValueTask<Reply> Help(CommandContext ctx) => Done(Reply.Array(
    [
        .. new[]
        {
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "LIST",
            "    Show users details in config file format.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
            "HELP",
            "    Prints this help.",
        }.Select(Reply.Simple),
    ]));

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}
