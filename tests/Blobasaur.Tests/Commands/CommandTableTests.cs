using System.Text;
using System.Text.RegularExpressions;
using Blobasaur.Commands;

namespace Blobasaur.Tests.Commands;

/// <summary>Sanity of every row, present and future: the dispatcher, COMMAND and the cluster router all trust these rows.</summary>
public sealed partial class CommandTableTests
{
    private static readonly CommandTable Table = CommandTable.CreateDefault();

    private static IEnumerable<CommandDefinition> Rows =>
        Table.All.SelectMany(c => new[] { c }.Concat(c.Subcommands?.Values ?? []));

    [Fact]
    public void Command_names_are_unique_ignoring_case_and_are_single_printable_words()
    {
        var names = Table.All.Select(c => c.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Table.Count, names.Count);
        Assert.All(Rows, r => Assert.Matches(NameRegex(), r.Name));
    }

    [Fact]
    public void Subcommand_names_are_unique_within_their_container_and_know_their_parent()
    {
        foreach (var container in Table.All.Where(c => c.Subcommands is not null))
        {
            var subs = container.Subcommands!.Values.ToList();
            Assert.NotEmpty(subs);
            Assert.Equal(subs.Count, subs.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(subs, s => Assert.Same(container, s.Parent));
            Assert.All(subs, s => Assert.Equal($"{container.Name}|{s.Name}", s.FullName));
            Assert.All(subs, s => Assert.Null(s.Subcommands));
        }
    }

    [Fact]
    public void Every_row_has_a_nonzero_arity_that_counts_the_name()
    {
        Assert.All(Rows, r => Assert.NotEqual(0, r.Arity));
        Assert.All(Rows.Where(r => r.Parent is not null), r => Assert.True(Math.Abs(r.Arity) >= 2, $"{r.FullName}: {r.Arity}"));
    }

    [Fact]
    public void Key_positions_are_consistent_with_each_other_and_with_the_arity()
    {
        foreach (var r in Rows)
        {
            if (r.FirstKey == 0)
            {
                Assert.True(r.LastKey == 0 && r.Step == 0, $"{r.FullName}: no first key but last {r.LastKey} step {r.Step}");
                continue;
            }

            Assert.True(r.FirstKey > 0, $"{r.FullName}: first key {r.FirstKey}");
            Assert.True(r.Step >= 1, $"{r.FullName}: step {r.Step}");
            Assert.True(r.LastKey < 0 || r.LastKey >= r.FirstKey, $"{r.FullName}: last key {r.LastKey} before first {r.FirstKey}");
            Assert.True(r.FirstKey < Math.Abs(r.Arity), $"{r.FullName}: first key {r.FirstKey} outside the minimum arity {r.Arity}");
            if (r.Arity > 0 && r.LastKey > 0) Assert.True(r.LastKey < r.Arity, $"{r.FullName}: last key {r.LastKey} outside arity");
        }
    }

    [Fact]
    public void Every_row_has_a_summary_a_since_version_and_a_handler()
    {
        Assert.All(Rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Summary), r.FullName);
            Assert.Matches(VersionRegex(), r.Since);
            Assert.NotNull(r.Handler);
        });
    }

    [Fact]
    public void No_row_is_both_read_only_and_write()
    {
        Assert.All(Rows, r => Assert.False(r.IsWrite && (r.Flags & CommandFlags.ReadOnly) != 0, r.FullName));
    }

    [Fact]
    public void Rows_with_keys_say_whether_they_read_or_write()
    {
        Assert.All(Rows.Where(r => r.FirstKey > 0),
            r => Assert.True((r.Flags & (CommandFlags.Write | CommandFlags.ReadOnly)) != 0, $"{r.FullName} has keys but neither flag"));
    }

    [Fact]
    public void TryGet_finds_every_row_in_any_case()
    {
        foreach (var row in Table.All)
        {
            Assert.True(Table.TryGet(Encoding.ASCII.GetBytes(row.Name.ToLowerInvariant()), out var lower));
            Assert.Same(row, lower);
            foreach (var sub in row.Subcommands?.Values ?? [])
            {
                Assert.True(Table.TryGetSubcommand(row, Encoding.ASCII.GetBytes(sub.Name.ToLowerInvariant()), out var found));
                Assert.Same(sub, found);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("NOSUCHCOMMAND")]
    [InlineData("PING ")]
    public void TryGet_rejects_unknown_names(string name)
    {
        Assert.False(Table.TryGet(Encoding.ASCII.GetBytes(name), out _));
    }

    [Fact]
    public void KeyIndexes_follow_first_last_step()
    {
        var row = new CommandDefinition("MSETLIKE", -3, CommandFlags.Write, 1, -1, 2, CommandGroup.String, "s", "1.0.0",
            _ => ValueTask.FromResult(Blobasaur.Protocol.Reply.Ok));

        Assert.Equal([1, 3, 5], row.KeyIndexes(7));
        Assert.Equal([1], row.KeyIndexes(3));
    }

    [GeneratedRegex(@"^[A-Z][A-Z0-9\-_.]*$")] // dots as in module commands (BLOBASAUR.META, JSON.GET)
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionRegex();
}
