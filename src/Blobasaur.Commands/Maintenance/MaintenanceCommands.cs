using static Blobasaur.Commands.CommandFlags;
using static Blobasaur.Commands.CommandTable;
using G = Blobasaur.Commands.CommandGroup;

namespace Blobasaur.Commands.Maintenance;

/// <summary>Operator commands: BLOBASAUR.VACUUM, BLOBASAUR.BACKUP (docs/operations.md).</summary>
public static class MaintenanceCommands
{
    public static IEnumerable<CommandDefinition> Rows() =>
    [
        Row("BLOBASAUR.VACUUM", -7, Admin | NoScript, 0, 0, 0, G.Server,
            "Returns free pages of shard files to the file system (Blobasaur extension).", "0.1.0", VacuumCommand.Vacuum),
        Row("BLOBASAUR.BACKUP", 2, Admin | NoScript, 0, 0, 0, G.Server,
            "Writes an online, consistent copy of every shard into a directory (Blobasaur extension).", "0.1.0", BackupCommand.Backup),
    ];
}
