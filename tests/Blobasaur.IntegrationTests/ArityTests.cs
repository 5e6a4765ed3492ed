using Blobasaur.Commands;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>
/// For every row of the command table, present and future (and every subcommand), a call with the wrong number of arguments gets
/// Redis's arity error and the connection stays usable (Garnet RespTests StringCommandsWrongArityReturnErrorAndKeepSessionAlive).
/// </summary>
public sealed class ArityTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, string[]> WrongArityCalls()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var row in CommandTable.CreateDefault().All)
        {
            if (row.Subcommands is null)
            {
                foreach (var count in WrongCounts(row.Arity)) data.Add(row.Name.ToLowerInvariant(), Call([row.Name], count));
                continue;
            }

            // A container called without a subcommand (when that is not allowed), then each subcommand with wrong counts.
            if (!row.AcceptsArgumentCount(1)) data.Add(row.Name.ToLowerInvariant(), [row.Name]);
            foreach (var sub in row.Subcommands.Values)
                foreach (var count in WrongCounts(sub.Arity).Where(c => c >= 2))   // fewer would be the container's own error
                    data.Add(sub.FullName.ToLowerInvariant(), Call([row.Name, sub.Name], count));
        }

        return data;
    }

    [Fact]
    public void Every_row_whose_arity_can_be_violated_has_wrong_arity_cases()
    {
        var covered = WrongArityCalls().Select(d => (string)d[0]).ToHashSet();
        var rows = CommandTable.CreateDefault().All.SelectMany(r => r.Subcommands?.Values.Append(r) ?? [r]).ToList();

        // "At least 1" cannot be violated, nor "at least 2" for a subcommand (fewer arguments is the container's own error).
        var violable = rows.Where(r => r.Arity > 0 || r.Arity < (r.Parent is null ? -1 : -2)).ToList();
        Assert.NotEmpty(violable);
        Assert.All(violable, r => Assert.Contains(r.FullName.ToLowerInvariant(), covered));
    }

    [OwnServerTheory]
    [MemberData(nameof(WrongArityCalls))]
    public async Task Wrong_arity_gets_the_redis_error_then_the_connection_still_answers_ping(string fullName, string[] call)
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal($"-ERR wrong number of arguments for '{fullName}' command", await conn.SendAsync(call.Cast<object>().ToArray()));
        Assert.Equal("+PONG", await conn.SendAsync("PING"));
    }

    /// <summary>Argument counts (including the name) that the arity refuses: one more than a fixed arity, one fewer than either.</summary>
    private static IEnumerable<int> WrongCounts(int arity)
    {
        if (arity > 0)
        {
            yield return arity + 1;
            if (arity > 1) yield return arity - 1;
        }
        else if (arity < -1)
        {
            yield return -arity - 1;
        }
    }

    private static string[] Call(string[] head, int count) =>
        count <= head.Length ? head[..count] : [.. head, .. Enumerable.Range(1, count - head.Length).Select(i => $"arg{i}")];
}
