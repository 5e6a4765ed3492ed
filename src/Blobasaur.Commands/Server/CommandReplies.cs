using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>The COMMAND INFO and COMMAND DOCS shapes of a table row, as Redis 7 renders them.</summary>
internal static class CommandReplies
{
    private static readonly (CommandFlags Flag, string Name)[] FlagNames =
    [
        (CommandFlags.Write, "write"), (CommandFlags.ReadOnly, "readonly"), (CommandFlags.DenyOom, "denyoom"),
        (CommandFlags.Admin, "admin"), (CommandFlags.NoScript, "noscript"), (CommandFlags.Loading, "loading"),
        (CommandFlags.Stale, "stale"), (CommandFlags.SkipMonitor, "skip_monitor"), (CommandFlags.SkipSlowlog, "skip_slowlog"),
        (CommandFlags.Fast, "fast"), (CommandFlags.NoAuth, "no_auth"), (CommandFlags.MovableKeys, "movablekeys"),
    ];

    // [name, arity, flags, first key, last key, step, acl categories, tips, key specs, subcommands]
    public static Reply Info(CommandDefinition d) => Reply.Array(
    [
        Reply.Bulk(d.FullName.ToLowerInvariant()),
        Reply.Integer(d.Arity),
        Reply.Set(FlagNames.Where(f => (d.Flags & f.Flag) != 0).Select(f => Reply.Simple(f.Name)).ToList()),
        Reply.Integer(d.FirstKey),
        Reply.Integer(d.LastKey),
        Reply.Integer(d.Step),
        Reply.Set(AclCategories(d).Select(Reply.Simple).ToList()),
        Reply.EmptyArray,
        Reply.Array(KeySpecs(d)),
        Reply.Array((d.Subcommands?.Values ?? []).OrderBy(s => s.Name, StringComparer.Ordinal).Select(Info).ToList()),
    ]);

    public static Reply Docs(CommandDefinition d)
    {
        var entries = new List<KeyValuePair<Reply, Reply>>
        {
            new(Reply.Bulk("summary"), Reply.Bulk(d.Summary)),
            new(Reply.Bulk("since"), Reply.Bulk(d.Since)),
            new(Reply.Bulk("group"), Reply.Bulk(d.Group.ToString().ToLowerInvariant())),
        };
        if (d.Subcommands is { Count: > 0 } subs)
        {
            entries.Add(new(Reply.Bulk("subcommands"), Reply.Map(subs.Values.OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new KeyValuePair<Reply, Reply>(Reply.Bulk(s.FullName.ToLowerInvariant()), Docs(s))).ToList())));
        }

        return Reply.Map(entries);
    }

    public static IEnumerable<string> AclCategories(CommandDefinition d)
    {
        if ((d.Flags & CommandFlags.Write) != 0) yield return "@write";
        if ((d.Flags & CommandFlags.ReadOnly) != 0) yield return "@read";
        if ((d.Flags & CommandFlags.Admin) != 0)
        {
            yield return "@admin";
            yield return "@dangerous";
        }

        yield return d.Group switch
        {
            CommandGroup.String => "@string",
            CommandGroup.Hash => "@hash",
            CommandGroup.Generic => "@keyspace",
            _ => "@connection",
        };
        if ((d.Flags & CommandFlags.Fast) != 0) yield return "@fast";
        else if (d.FirstKey > 0) yield return "@slow";
    }

    // One range key spec per row, derived from first/last/step (the shape redis-py and redis-cli understand).
    private static List<Reply> KeySpecs(CommandDefinition d)
    {
        if (d.FirstKey <= 0) return [];
        var access = (d.Flags & CommandFlags.Write) != 0 ? "RW" : "RO";
        var lastKey = d.LastKey < 0 ? d.LastKey : d.LastKey - d.FirstKey;
        return
        [
            Reply.Map(
            [
                new(Reply.Bulk("flags"), Reply.Set([Reply.Simple(access)])),
                new(Reply.Bulk("begin_search"), Reply.Map(
                [
                    new(Reply.Bulk("type"), Reply.Bulk("index")),
                    new(Reply.Bulk("spec"), Reply.Map([new(Reply.Bulk("index"), Reply.Integer(d.FirstKey))])),
                ])),
                new(Reply.Bulk("find_keys"), Reply.Map(
                [
                    new(Reply.Bulk("type"), Reply.Bulk("range")),
                    new(Reply.Bulk("spec"), Reply.Map(
                    [
                        new(Reply.Bulk("lastkey"), Reply.Integer(lastKey)),
                        new(Reply.Bulk("keystep"), Reply.Integer(d.Step)),
                        new(Reply.Bulk("limit"), Reply.Integer(0)),
                    ])),
                ])),
            ]),
        ];
    }
}
