using System.CommandLine;
using Blobasaur.Storage;
using Blobasaur.Storage.Maintenance;
using Spectre.Console;

namespace Blobasaur.Cli;

/// <summary>
/// <c>blobasaur shard migrate OLD NEW [--data-dir D] [--config PATH] [--verify]</c>: offline shard-count migration
/// (docs/operations.md). Exit codes: 0 done (or nothing to do), 1 refused or failed (the message says why; the data
/// directory still opens with its current shard count), 2 --verify found differences (nothing was switched), 130 interrupted.
/// </summary>
internal static class ShardMigrateCommand
{
    public static Command Create()
    {
        var oldShards = new Argument<int>("old") { Description = "The shard count the data directory has now" };
        var newShards = new Argument<int>("new") { Description = "The shard count to move to" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (default: data_dir of the configuration)" };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file, for data_dir (default: config.toml if present)" };
        var verify = new Option<bool>("--verify") { Description = "Compare every key's stored value checksum between the old and new layout before switching" };
        var command = new Command("migrate", "Change the number of shards of a stopped node's data directory (safe to interrupt and re-run)")
        {
            oldShards, newShards, dataDir, config, verify,
        };
        command.SetAction((result, cancel) => Task.FromResult(Run(
            new MigrationOptions(CliConfig.DataDir(result.GetValue(config), result.GetValue(dataDir)) ?? "", result.GetValue(oldShards),
                result.GetValue(newShards), result.GetValue(verify)), cancel)));
        return command;
    }

    private static int Run(MigrationOptions options, CancellationToken cancel)
    {
        if (options.DataDir.Length == 0)
            return 1;
        if (options.OldShards < 1 || options.NewShards < 1 || options.NewShards > 16384)
        {
            Console.Error.WriteLine("blobasaur: shard counts must be between 1 and 16384");
            return 1;
        }
        Console.WriteLine($"Migrating {Path.GetFullPath(options.DataDir)} from {options.OldShards} to {options.NewShards} shards" +
            (options.Verify ? " (with --verify)" : ""));
        MigrationResult result;
        try
        {
            result = Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive
                ? RunPlain(options, cancel)
                : RunWithBars(options, cancel);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("blobasaur: interrupted; the data directory still has its old shard count. Run the same command again to resume.");
            return 130;
        }
        catch (Exception ex) when (ex is StorageLayoutException or IOException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"blobasaur: shard migrate failed: {ex.Message}");
            return 1;
        }

        if (result.DifferenceCount > 0)
        {
            Console.Error.WriteLine($"blobasaur: --verify found {result.DifferenceCount} differences; nothing was switched:");
            foreach (var line in result.Differences)
                Console.Error.WriteLine("  " + line);
            return 2;
        }
        Console.WriteLine(result.Committed
            ? $"Done: {options.NewShards} shards; {result.SlotsMoved} of 16384 slots moved ({result.RowsMoved} keys copied this run" +
              (result.Resumed ? ", resumed" : "") + ")" + (options.Verify ? $"; verified {result.KeysVerified} keys, no differences." : ".")
            : "Nothing to do.");
        return 0;
    }

    private static MigrationResult RunPlain(MigrationOptions options, CancellationToken cancel)
    {
        var progress = new TextMigrationProgress(Console.Out);
        var result = ShardMigration.Run(options, progress, cancel);
        progress.Flush();
        return result;
    }

    private static MigrationResult RunWithBars(MigrationOptions options, CancellationToken cancel) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(SpectreMigrationProgress.Columns())
            .Start(context =>
            {
                var progress = new SpectreMigrationProgress(context);
                var result = ShardMigration.Run(options, progress, cancel);
                progress.Finish();
                return result;
            });
}
