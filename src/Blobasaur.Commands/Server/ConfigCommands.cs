using System.Text;
using Blobasaur.Protocol;
using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Server;

/// <summary>CONFIG GET|SET|RESETSTAT|HELP (https://redis.io/docs/latest/commands/config-get/).</summary>
public static class ConfigCommands
{
    private const CommandFlags Flags = Admin | NoScript | Loading | Stale;

    public static CommandDefinition Definition() => Container("CONFIG", -2, None, G.Server,
        "A container for server configuration commands.", "2.0.0", Help,
        Row("GET", -3, Flags, 0, 0, 0, G.Server, "Returns the effective values of configuration parameters.", "2.0.0", Get),
        Row("SET", -4, Flags, 0, 0, 0, G.Server, "Sets configuration parameters in-flight.", "2.0.0", Set),
        Row("RESETSTAT", 2, Flags, 0, 0, 0, G.Server, "Resets the server's statistics.", "2.0.0", ResetStat),
        Row("HELP", 2, Loading | Stale, 0, 0, 0, G.Server, "Returns helpful text about the different subcommands.", "5.0.0", Help));

    // CONFIG GET pattern [pattern ...]: glob patterns, case-insensitive; a map in RESP3, a flat array in RESP2.
    // As Redis 7, a name without glob characters is looked up directly and answered with the caller's spelling
    // ("CONFIG GET TIMEOUT" gives "TIMEOUT"); a parameter already answered is not repeated, whatever its spelling.
    private static ValueTask<Reply> Get(CommandContext ctx)
    {
        var matches = new List<KeyValuePair<Reply, Reply>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 2; i < ctx.Count; i++)
        {
            var pattern = ctx.ArgString(i);
            if (pattern.AsSpan().IndexOfAny("[*?") < 0)
            {
                var exact = ConfigParameters.All.FirstOrDefault(p => p.Name.Equals(pattern, StringComparison.OrdinalIgnoreCase));
                if (exact is not null && seen.Add(pattern)) matches.Add(new(Reply.Bulk(pattern), Reply.Bulk(exact.Get(ctx.Server))));
                continue;
            }

            foreach (var p in ConfigParameters.All)
            {
                if (Glob.IsMatch(ctx.Arg(i), Encoding.ASCII.GetBytes(p.Name), ignoreCase: true) && seen.Add(p.Name))
                    matches.Add(new(Reply.Bulk(p.Name), Reply.Bulk(p.Get(ctx.Server))));
            }
        }

        return ValueTask.FromResult(Reply.Map(matches));
    }

    // CONFIG SET parameter value [parameter value ...]: all or nothing, as Redis 7.
    private static ValueTask<Reply> Set(CommandContext ctx)
    {
        if (ctx.Count % 2 != 0) return ValueTask.FromResult(Reply.Error(RespErrors.WrongArity("config|set")));
        var changes = new List<(ConfigParameter Parameter, string Value)>();
        for (var i = 2; i < ctx.Count; i += 2)
        {
            var name = ctx.ArgString(i);
            var parameter = ConfigParameters.All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null) return ValueTask.FromResult(Reply.Error(RespErrors.UnknownConfigParameter(name)));
            if (parameter.Set is null) return Failed(name, "can't set immutable config");
            changes.Add((parameter, ctx.ArgString(i + 1)));
        }

        // Validate every value against a scratch context first, so a bad second value leaves the first unchanged.
        var scratch = new ServerContext(ctx.Server.Config, ctx.Server.Time, ctx.Server.Loggers);
        foreach (var (parameter, value) in changes)
            if (parameter.Set!(scratch, value) is { } error) return Failed(parameter.Name, error);
        foreach (var (parameter, value) in changes) parameter.Set!(ctx.Server, value);
        return ValueTask.FromResult(Reply.Ok);
    }

    // CONFIG RESETSTAT
    private static ValueTask<Reply> ResetStat(CommandContext ctx)
    {
        ctx.Server.Stats.Reset();
        return ValueTask.FromResult(Reply.Ok);
    }

    private static ValueTask<Reply> Help(CommandContext ctx) => ValueTask.FromResult(HelpText.For("CONFIG",
        "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
        "RESETSTAT", "    Reset statistics reported by the INFO command."));

    private static ValueTask<Reply> Failed(string name, string detail) =>
        ValueTask.FromResult(Reply.Error($"ERR CONFIG SET failed (possibly related to argument '{RespErrors.Clean(name)}') - {detail}"));
}
