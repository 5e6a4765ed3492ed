using System.CommandLine;
using System.Globalization;
using Blobasaur.Config;
using Spectre.Console;

namespace Blobasaur.Cli;

/// <summary>
/// <c>blobasaur shard vacuum --all-shards [--mode incremental|full] [--budget-mb N] [--dry-run] [--nodes host:port,...]
/// [--node-concurrency N] [--timeout-sec S]</c>: sends BLOBASAUR.VACUUM to every node and prints one row per shard.
/// Exit code 1 when any node cannot be reached or answers an error, or any shard reports a failure.
/// </summary>
internal static class ShardVacuumCommand
{
    private sealed record NodeResult(string Node, string? Error, IReadOnlyList<Dictionary<string, string>> Shards, TimeSpan Took);

    public static Command Create()
    {
        var allShards = new Option<bool>("--all-shards") { Description = "Vacuum every shard of every node (required)" };
        var mode = new Option<string>("--mode") { Description = "incremental (default) or full", DefaultValueFactory = _ => "incremental" };
        var budget = new Option<int>("--budget-mb") { Description = "Per-shard budget in MiB for incremental mode (default 128)", DefaultValueFactory = _ => 128 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only report what would be freed" };
        var nodes = new Option<string?>("--nodes") { Description = "Comma-separated host:port list (default: addr of the configuration)" };
        var concurrency = new Option<int>("--node-concurrency") { Description = "Nodes vacuumed at the same time (default 1)", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout-sec") { Description = "Per-node deadline in seconds (default 30)", DefaultValueFactory = _ => 30 };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file, for the default node address" };
        var command = new Command("vacuum", "Return free pages of shard files to the file system on running nodes (BLOBASAUR.VACUUM)")
        {
            allShards, mode, budget, dryRun, nodes, concurrency, timeout, config,
        };
        command.SetAction((r, cancel) => RunAsync(r.GetValue(allShards), r.GetValue(mode)!, r.GetValue(budget), r.GetValue(dryRun),
            r.GetValue(nodes), r.GetValue(concurrency), r.GetValue(timeout), r.GetValue(config), cancel));
        return command;
    }

    private static async Task<int> RunAsync(bool allShards, string mode, int budgetMb, bool dryRun, string? nodeList, int concurrency,
        int timeoutSec, string? configPath, CancellationToken cancel)
    {
        if (!allShards)
            return Fail("--all-shards is required (vacuuming a single shard: BLOBASAUR.VACUUM SHARD <id> ... on the node)");
        mode = mode.ToLowerInvariant();
        if (mode is not ("incremental" or "full"))
            return Fail($"--mode must be incremental or full, not '{mode}'");
        if (budgetMb < 1 || concurrency < 1 || timeoutSec < 1)
            return Fail("--budget-mb, --node-concurrency and --timeout-sec must be positive");
        var targets = new List<HostPort>();
        if (nodeList is null)
        {
            if (CliConfig.ClientAddress(configPath) is not { } address)
                return 1;
            targets.Add(address);
        }
        else
        {
            foreach (var text in nodeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!HostPort.TryParse(text, out var node))
                    return Fail($"--nodes: '{text}' {HostPort.Rule}");
                targets.Add(node);
            }
        }
        if (targets.Count == 0)
            return Fail("--nodes lists no node");

        var request = new List<string> { "BLOBASAUR.VACUUM", "SHARD", "ALL", "MODE", mode, "BUDGET_MB", budgetMb.ToString(CultureInfo.InvariantCulture) };
        if (dryRun)
            request.Add("DRYRUN");
        Console.WriteLine($"Vacuum: mode={mode} budget_mb={budgetMb} dry_run={(dryRun ? "yes" : "no")} nodes={string.Join(',', targets)} " +
            $"node_concurrency={concurrency} timeout_sec={timeoutSec}");

        var results = new NodeResult[targets.Count];
        await Parallel.ForAsync(0, targets.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel },
            async (i, token) => results[i] = await VacuumNodeAsync(targets[i], request, TimeSpan.FromSeconds(timeoutSec), token).ConfigureAwait(false))
            .ConfigureAwait(false);

        var table = new Table().AddColumns("node", "shard", "status", "pages before", "freelist before", "pages freed", "bytes freed",
            "pages after", "file bytes after", "ms", "error");
        int nodeFailures = 0, shardFailures = 0, shardsOk = 0;
        foreach (var node in results)
        {
            if (node.Error is { } error)
            {
                nodeFailures++;
                table.AddRow(Cell(node.Node), "-", "[red]failed[/]", "", "", "", "", "", "", ((long)node.Took.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), Cell(error));
                continue;
            }
            foreach (var shard in node.Shards)
            {
                var ok = shard.GetValueOrDefault("status") == "ok";
                if (ok) shardsOk++;
                else shardFailures++;
                table.AddRow(Cell(node.Node), Get(shard, "shard"), ok ? "[green]ok[/]" : "[red]error[/]", Get(shard, "pages_before"),
                    Get(shard, "freelist_before"), Get(shard, "pages_freed"), Get(shard, "bytes_freed"), Get(shard, "pages_after"),
                    Get(shard, "file_bytes_after"), Get(shard, "duration_ms"), Get(shard, "error"));
            }
        }
        if (Console.IsOutputRedirected)
            PrintPlain(results);
        else
            AnsiConsole.Write(table);
        Console.WriteLine($"Summary: node_failures={nodeFailures} shard_successes={shardsOk} shard_failures={shardFailures}");
        return nodeFailures + shardFailures == 0 ? 0 : 1;
    }

    private static async Task<NodeResult> VacuumNodeAsync(HostPort node, List<string> request, TimeSpan timeout, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await using var client = await RespClient.ConnectAsync(node.Host, node.Port, deadline.Token).ConfigureAwait(false);
            var reply = await client.CallAsync(request, deadline.Token).ConfigureAwait(false);
            if (reply.IsError)
                return new NodeResult(node.ToString(), reply.Text, [], clock.Elapsed);
            if (reply.Items is null)
                return new NodeResult(node.ToString(), $"unexpected reply {reply}", [], clock.Elapsed);
            return new NodeResult(node.ToString(), null, [.. reply.Items.Select(item => item.AsFields())], clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new NodeResult(node.ToString(), $"timed out after {timeout.TotalSeconds:0} s", [], clock.Elapsed);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or FormatException)
        {
            return new NodeResult(node.ToString(), ex.Message, [], clock.Elapsed);
        }
    }

    // One line per shard, for logs and scripts (a table would wrap and carry colour codes).
    private static void PrintPlain(NodeResult[] results)
    {
        foreach (var node in results)
        {
            if (node.Error is { } error)
            {
                Console.WriteLine($"node {node.Node}: failed after {node.Took.TotalMilliseconds:0} ms: {error}");
                continue;
            }
            foreach (var shard in node.Shards)
                Console.WriteLine($"node {node.Node} " + string.Join(' ', shard.Select(kv => $"{kv.Key}={kv.Value}")));
        }
    }

    private static string Get(Dictionary<string, string> fields, string name) => Cell(fields.GetValueOrDefault(name, ""));

    private static string Cell(string text) => Markup.Escape(text);

    private static int Fail(string message)
    {
        Console.Error.WriteLine("blobasaur: " + message);
        return 1;
    }
}
