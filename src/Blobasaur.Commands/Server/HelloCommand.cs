using Blobasaur.Protocol;

namespace Blobasaur.Commands.Server;

/// <summary>HELLO [protover [AUTH username password] [SETNAME clientname]] (https://redis.io/docs/latest/commands/hello/).</summary>
public static class HelloCommand
{
    /// <summary>The Redis version whose behaviour and replies we match; clients pick features from it.</summary>
    public const string CompatibleRedisVersion = "7.0.15";

    public static ValueTask<Reply> Hello(CommandContext ctx) => ValueTask.FromResult(Run(ctx));

    private static Reply Run(CommandContext ctx)
    {
        var protocol = ctx.Client.Protocol;
        if (ctx.Count >= 2)
        {
            if (!ctx.TryGetLong(1, out var version)) return Reply.Error("ERR Protocol version is not an integer or out of range");
            if (version is < 2 or > 3) return Reply.Error(RespErrors.NoProto);
            protocol = (ProtocolVersion)version;
        }

        // As Redis 7.0.15: options act left to right (AUTH signs in where it appears, so "AUTH u p SETNAME <bad>" stays
        // signed in), and the protocol and name change only when every option passed.
        string? newName = null;
        var security = ctx.Server.Security;
        for (var i = 2; i < ctx.Count; i++)
        {
            var more = ctx.Count - i - 1;
            if (ctx.ArgIs(i, "AUTH") && more >= 2)
            {
                if (!security.TryAuthenticate(ctx.Client, ctx.ArgString(i + 1), ctx.Arg(i + 2))) return Reply.Error(RespErrors.WrongPass);
                i += 2;
            }
            else if (ctx.ArgIs(i, "SETNAME") && more >= 1)
            {
                if (!ClientCommands.IsValidName(ctx.Arg(i + 1))) return Reply.Error(RespErrors.InvalidClientName);
                newName = ctx.ArgString(++i);
            }
            else
            {
                return Reply.Error($"ERR Syntax error in HELLO option '{RespErrors.Clean(ctx.Arg(i))}'");
            }
        }

        if (!security.IsAuthenticated(ctx.Client)) return Reply.Error(RespErrors.HelloNoAuth);

        ctx.Client.Protocol = protocol;
        if (newName is not null) ctx.Client.Name = newName.Length == 0 ? null : newName;
        return Reply.Map(
        [
            new(Reply.Bulk("server"), Reply.Bulk("redis")),
            new(Reply.Bulk("version"), Reply.Bulk(CompatibleRedisVersion)),
            new(Reply.Bulk("proto"), Reply.Integer((int)protocol)),
            new(Reply.Bulk("id"), Reply.Integer(ctx.Client.Id)),
            new(Reply.Bulk("mode"), Reply.Bulk(ctx.Server.Config.Cluster.Enabled ? "cluster" : "standalone")),
            new(Reply.Bulk("role"), Reply.Bulk("master")),
            new(Reply.Bulk("modules"), Reply.EmptyArray),
        ]);
    }
}
