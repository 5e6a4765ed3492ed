using System.Text.RegularExpressions;
using Blobasaur.Commands;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>COMMAND, CONFIG, INFO, TIME, LASTSAVE.</summary>
public sealed class ServerCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly CommandTable Table = CommandTable.CreateDefault();

    [OwnServerFact]
    public async Task Command_count_is_the_number_of_table_rows()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal($":{Table.Count}", await conn.SendAsync("COMMAND", "COUNT"));
    }

    [OwnServerFact]
    public async Task Command_lists_every_row_with_its_arity_and_key_positions()
    {
        await using var conn = await server.ConnectAsync();

        var all = await conn.CallAsync("COMMAND");

        Assert.Equal(Table.Count, all.Items!.Count);
        foreach (var row in Table.All)
        {
            var entry = Assert.Single(all.Items, e => e.Items![0].ToString() == row.Name.ToLowerInvariant());
            AssertInfoMatchesRow(row, entry);
        }
    }

    [OwnServerFact]
    public async Task Command_info_of_each_row_and_subcommand_matches_the_table()
    {
        await using var conn = await server.ConnectAsync();

        foreach (var row in Table.All.SelectMany(r => new[] { r }.Concat(r.Subcommands?.Values ?? [])))
        {
            var reply = await conn.CallAsync("COMMAND", "INFO", row.FullName.ToLowerInvariant());
            AssertInfoMatchesRow(row, Assert.Single(reply.Items!));
        }
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Command_info_of_ping_and_an_unknown_name()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("COMMAND", "INFO", "ping", "nosuchcommand", "ECHO");

        Assert.Equal(3, reply.Items!.Count);
        Assert.Equal("ping", reply.Items[0].Items![0].ToString());
        Assert.Equal(":-1", reply.Items[0].Items![1].ToString());
        Assert.Contains("fast", reply.Items[0].Items![2].Items!.Select(f => f.Text));
        Assert.True(reply.Items[1].IsNull);
        Assert.Equal("echo", reply.Items[2].Items![0].ToString());
        Assert.Equal(":2", reply.Items[2].Items![1].ToString());
        Assert.Equal([":0", ":0", ":0"], reply.Items[2].Items!.Skip(3).Take(3).Select(i => i.ToString()));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Command_info_of_a_container_lists_its_subcommands_with_full_names()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("COMMAND", "INFO", "client");

        var client = Assert.Single(reply.Items!);
        Assert.Equal(":-2", client.Items![1].ToString());
        var subs = client.Items[9].Items!.Select(s => s.Items![0].ToString()).ToList();
        Assert.Contains("client|setname", subs);
        Assert.Contains("client|id", subs);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Command_docs_gives_summary_since_and_group_per_command()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("COMMAND", "DOCS", "echo", "nosuchcommand");

        Assert.Equal(2, reply.Items!.Count);   // name and docs; unknown names are left out
        Assert.Equal("echo", reply.Items[0].ToString());
        var docs = ToMap(reply.Items[1]);
        Assert.NotEmpty(docs["summary"]);   // 7.0 says "Echo the given string", 7.2 "Returns the given string."
        Assert.Equal("1.0.0", docs["since"]);
        Assert.Equal("connection", docs["group"]);
    }

    [OwnServerFact]
    public async Task Command_docs_without_names_covers_every_row()
    {
        await using var conn = await server.ConnectAsync();
        await conn.SendAsync("HELLO", "3");

        var reply = await conn.CallAsync("COMMAND", "DOCS");

        Assert.Equal('%', reply.Type);
        Assert.Equal(Table.Count * 2, reply.Items!.Count);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Command_getkeys_errors_match_redis()
    {
        await using var conn = await server.ConnectAsync();

        // Four arguments at least: Redis 7.0 gives COMMAND GETKEYS arity -4 (7.2 and we: -3).
        Assert.Equal("-ERR The command has no key arguments", await conn.SendAsync("COMMAND", "GETKEYS", "PING", "x"));
        Assert.Equal("-ERR Invalid command specified", await conn.SendAsync("COMMAND", "GETKEYS", "NOSUCHCOMMAND", "k"));
        Assert.Equal("-ERR The command has no key arguments", await conn.SendAsync("COMMAND", "GETKEYS", "ECHO", "a", "b"));
    }

    [OwnServerFact]
    public async Task Command_getkeys_of_every_keyed_row_returns_its_keys()
    {
        await using var conn = await server.ConnectAsync();

        foreach (var row in Table.All.Where(r => r.FirstKey > 0))
        {
            var argc = Math.Max(Math.Abs(row.Arity), row.LastKey + 1);
            var args = new object[] { "COMMAND", "GETKEYS", row.Name }.Concat(Enumerable.Range(1, argc - 1).Select(i => $"a{i}")).ToArray();
            var expected = "[" + string.Join(", ", row.KeyIndexes(argc).Select(i => $"a{i}")) + "]";
            Assert.Equal(expected, await conn.SendAsync(args));
            if (row.Arity > 0)
            {
                Assert.Equal("-ERR Invalid number of arguments specified for command",
                    await conn.SendAsync([.. args, "one-too-many"]));
            }
        }
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Command_list_filtered_by_pattern_gives_lowercase_names_with_subcommands()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("COMMAND", "LIST", "FILTERBY", "PATTERN", "client|set*");

        var names = reply.Items!.Select(i => i.ToString()).ToList();
        Assert.Contains("client|setname", names);
        Assert.DoesNotContain("client|getname", names);
        Assert.DoesNotContain("ping", names);
    }

    [OwnServerFact]
    public async Task Command_list_includes_every_row()
    {
        await using var conn = await server.ConnectAsync();

        var names = (await conn.CallAsync("COMMAND", "LIST")).Items!.Select(i => i.ToString()).ToHashSet();

        Assert.All(Table.All, r => Assert.Contains(r.Name.ToLowerInvariant(), names));
    }

    [Theory]
    [Trait("Category", "RedisCompat")]
    [InlineData("timeout", "[timeout, 0]")]
    [InlineData("TIMEOUT", "[TIMEOUT, 0]")]            // an exact name is answered in the caller's spelling
    [InlineData("Time*", "[timeout, 0]")]
    [InlineData("save", "[save, ]")]
    [InlineData("appendonly", "[appendonly, no]")]
    [InlineData("slave-read-only", "[slave-read-only, yes]")]
    [InlineData("maxmemory", "[maxmemory, 0]")]
    [InlineData("max?emory", "[maxmemory, 0]")]
    [InlineData("nosuchparameter", "[]")]
    public async Task Config_get_answers_what_clients_ask_on_connect(string pattern, string expected)
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal(expected, await conn.SendAsync("CONFIG", "GET", pattern));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Config_get_databases_gives_a_positive_count()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("CONFIG", "GET", "databases");

        Assert.Equal("databases", reply.Items![0].ToString());
        Assert.True(int.Parse(reply.Items[1].ToString()) >= 1);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Config_get_with_a_glob_and_several_patterns_returns_each_match_once()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("CONFIG", "GET", "appendonl[xy]", "append*", "timeout", "timeout", "TIMEOUT");

        var names = reply.Items!.Where((_, i) => i % 2 == 0).Select(i => i.ToString()).ToList();
        Assert.Contains("appendonly", names);
        Assert.Contains("timeout", names);   // the first spelling wins; "TIMEOUT" is the same parameter
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Config_get_in_resp3_is_a_map()
    {
        await using var conn = await server.ConnectAsync();
        await conn.SendAsync("HELLO", "3");

        Assert.Equal("{timeout: 0}", (await conn.CallAsync("CONFIG", "GET", "timeout")).ToString());
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Config_set_timeout_changes_config_get_and_bad_values_are_refused()
    {
        await using var conn = await server.ConnectAsync();
        try
        {
            Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "timeout", "3600"));
            Assert.Equal("[timeout, 3600]", await conn.SendAsync("CONFIG", "GET", "timeout"));
            Assert.StartsWith("-ERR CONFIG SET failed (possibly related to argument 'timeout')",
                await conn.SendAsync("CONFIG", "SET", "timeout", "abc"));
            Assert.Equal("[timeout, 3600]", await conn.SendAsync("CONFIG", "GET", "timeout"));
        }
        finally
        {
            await conn.SendAsync("CONFIG", "SET", "timeout", "0");
        }
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Config_set_loglevel_takes_redis_level_names_and_refuses_others()
    {
        await using var conn = await server.ConnectAsync();
        try
        {
            Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "loglevel", "warning"));
            Assert.Equal("[loglevel, warning]", await conn.SendAsync("CONFIG", "GET", "loglevel"));
            Assert.StartsWith("-ERR CONFIG SET failed (possibly related to argument 'loglevel')",
                await conn.SendAsync("CONFIG", "SET", "loglevel", "loud"));
            Assert.Equal("[loglevel, warning]", await conn.SendAsync("CONFIG", "GET", "loglevel"));
        }
        finally
        {
            await conn.SendAsync("CONFIG", "SET", "loglevel", "notice");
        }
    }

    [OwnServerFact]
    public async Task Config_set_loglevel_changes_the_minimum_level_the_logger_lets_through()
    {
        await using var conn = await server.ConnectAsync();
        try
        {
            Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "loglevel", "nothing"));
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.None, server.Server.Context.Settings.MinimumLogLevel);
            Assert.Equal("+OK", await conn.SendAsync("CONFIG", "SET", "loglevel", "debug"));
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, server.Server.Context.Settings.MinimumLogLevel);
        }
        finally
        {
            await conn.SendAsync("CONFIG", "SET", "loglevel", "information");
        }
    }

    [OwnServerFact]
    public async Task Config_set_of_an_unknown_or_immutable_parameter_is_refused()
    {
        await using var conn = await server.ConnectAsync();

        Assert.Equal("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
            await conn.SendAsync("CONFIG", "SET", "nosuch", "1"));
        Assert.Equal("-ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config",
            await conn.SendAsync("CONFIG", "SET", "port", "1"));
        Assert.Equal("-ERR wrong number of arguments for 'config|set' command",
            await conn.SendAsync("CONFIG", "SET", "timeout", "1", "maxclients"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Info_has_the_fields_clients_read()
    {
        await using var conn = await server.ConnectAsync();

        var info = await conn.SendAsync("INFO");

        Assert.StartsWith("# Server\r\n", info);
        Assert.Matches(@"\r\nredis_version:\d+\.\d+\.\d+\r\n", info);
        Assert.Contains("\r\nredis_mode:standalone\r\n", info);
        Assert.Matches(@"\r\nrun_id:[0-9a-f]{40}\r\n", info);
        Assert.Matches($@"\r\ntcp_port:{server.Port}\r\n", info);
        Assert.Matches(@"\r\nuptime_in_seconds:\d+\r\n", info);
        Assert.Matches(@"\r\nconnected_clients:[1-9]\d*\r\n", info);
        Assert.Matches(@"\r\nused_memory:\d+\r\n", info);
        Assert.Contains("\r\nloading:0\r\n", info);
        Assert.Contains("\r\nrole:master\r\n", info);
        Assert.Contains("# Cluster\r\ncluster_enabled:0\r\n", info);
        foreach (var section in new[] { "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Cluster", "Keyspace" })
            Assert.Contains($"# {section}\r\n", info, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Info_with_sections_gives_only_those_sections()
    {
        await using var conn = await server.ConnectAsync();

        var info = await conn.SendAsync("INFO", "server", "CLUSTER");

        var headers = Regex.Matches(info, @"^# (\w+)\r$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Server", "Cluster"], headers);
        Assert.StartsWith("# Replication\r\nrole:master\r\n", await conn.SendAsync("INFO", "replication"));
        Assert.Equal("", await conn.SendAsync("INFO", "nosuchsection"));
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Info_in_resp3_is_a_verbatim_string()
    {
        await using var conn = await server.ConnectAsync();
        await conn.SendAsync("HELLO", "3");

        var reply = await conn.CallAsync("INFO", "server");

        Assert.Equal('=', reply.Type);
        Assert.StartsWith("=txt:# Server\r\n", reply.ToString());
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Time_gives_unix_seconds_and_microseconds_close_to_the_clock()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.CallAsync("TIME");

        var seconds = long.Parse(reply.Items![0].ToString());
        var micros = long.Parse(reply.Items[1].ToString());
        Assert.InRange(micros, 0, 999_999);
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
    }

    [Fact]
    [Trait("Category", "RedisCompat")]
    public async Task Lastsave_is_a_unix_time_not_in_the_future()
    {
        await using var conn = await server.ConnectAsync();

        var reply = await conn.SendAsync("LASTSAVE");

        Assert.Matches(@"^:\d+$", reply);
        Assert.InRange(long.Parse(reply[1..]), 1_600_000_000, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    private static void AssertInfoMatchesRow(CommandDefinition row, RespValue entry)
    {
        var items = entry.Items!;
        Assert.Equal(row.FullName.ToLowerInvariant(), items[0].ToString());
        Assert.Equal($":{row.Arity}", items[1].ToString());
        Assert.Equal($":{row.FirstKey}", items[3].ToString());
        Assert.Equal($":{row.LastKey}", items[4].ToString());
        Assert.Equal($":{row.Step}", items[5].ToString());
        Assert.Equal(row.Subcommands?.Count ?? 0, items[9].Items!.Count);
    }

    private static Dictionary<string, string> ToMap(RespValue value)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < value.Items!.Count; i += 2) map[value.Items[i].ToString()] = value.Items[i + 1].ToString();
        return map;
    }
}
