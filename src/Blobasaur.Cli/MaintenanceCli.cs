using System.CommandLine;

namespace Blobasaur.Cli;

/// <summary>The operator subcommands: shard migrate, shard vacuum, backup, restore (docs/operations.md).</summary>
internal static class MaintenanceCli
{
    public static IEnumerable<Command> Commands()
    {
        var shard = new Command("shard", "Shard maintenance: migrate (offline), vacuum (online)")
        {
            ShardMigrateCommand.Create(),
            ShardVacuumCommand.Create(),
        };
        return [shard, BackupRestoreCommands.Backup(), BackupRestoreCommands.Restore()];
    }
}
