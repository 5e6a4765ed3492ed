using System.CommandLine;
using Blobasaur.Storage;
using Blobasaur.Storage.Maintenance;

namespace Blobasaur.Cli;

/// <summary>
/// <c>blobasaur backup --to DIR [--host H] [--port P] [--timeout-sec S]</c> asks a running node for BLOBASAUR.BACKUP (DIR is
/// made absolute here, and written by the server: run it on the server's host or give a path the server can reach).
/// <c>blobasaur restore --from DIR --data-dir D</c> restores a backup into an empty directory, offline, and checks it.
/// Both exit 1 on any problem.
/// </summary>
internal static class BackupRestoreCommands
{
    public static Command Backup()
    {
        var to = new Option<string>("--to") { Description = "Backup directory (must not exist or be empty)", Required = true };
        var host = new Option<string>("--host") { Description = "Server host (default 127.0.0.1)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "Server port (default 6379)", DefaultValueFactory = _ => 6379 };
        var timeout = new Option<int>("--timeout-sec") { Description = "Deadline for the whole backup (default 3600)", DefaultValueFactory = _ => 3600 };
        var command = new Command("backup", "Online backup of a running node (BLOBASAUR.BACKUP)") { to, host, port, timeout };
        command.SetAction((r, cancel) => BackupAsync(r.GetValue(to)!, r.GetValue(host)!, r.GetValue(port), r.GetValue(timeout), cancel));
        return command;
    }

    public static Command Restore()
    {
        var from = new Option<string>("--from") { Description = "A directory written by blobasaur backup", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "Where to restore (must not exist or be empty)", Required = true };
        var command = new Command("restore", "Restore a backup into an empty data directory and check its integrity") { from, dataDir };
        command.SetAction((r, cancel) => Task.FromResult(Restore(r.GetValue(from)!, r.GetValue(dataDir)!, cancel)));
        return command;
    }

    private static async Task<int> BackupAsync(string to, string host, int port, int timeoutSec, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, timeoutSec)));
        try
        {
            await using var client = await RespClient.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            var reply = await client.CallAsync(["BLOBASAUR.BACKUP", Path.GetFullPath(to)], deadline.Token).ConfigureAwait(false);
            if (reply.IsError || reply.Items is null)
            {
                Console.Error.WriteLine($"blobasaur: backup failed: {reply}");
                return 1;
            }
            var fields = reply.AsFields();
            Console.WriteLine($"Backup written to {fields.GetValueOrDefault("dir")}: {fields.GetValueOrDefault("shards")} shards, " +
                $"{fields.GetValueOrDefault("bytes")} bytes in {fields.GetValueOrDefault("duration_ms")} ms");
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"blobasaur: backup did not finish within {timeoutSec} s (the server may still complete it)");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"blobasaur: cannot reach {host}:{port}: {ex.Message}");
            return 1;
        }
    }

    private static int Restore(string from, string dataDir, CancellationToken cancel)
    {
        RestoreReport report;
        try
        {
            report = BackupRestore.Restore(from, dataDir, cancel);
        }
        catch (Exception ex) when (ex is BackupException or StorageLayoutException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"blobasaur: restore refused: {ex.Message}");
            return 1;
        }
        if (!report.Ok)
        {
            Console.Error.WriteLine($"blobasaur: restore into {report.DataDir} failed its checks (no layout record was written):");
            foreach (var problem in report.Problems)
                Console.Error.WriteLine("  " + problem);
            return 1;
        }
        Console.WriteLine($"Restored {report.Shards} shards ({report.Bytes} bytes) into {report.DataDir}; integrity_check ok. " +
            $"Start the server with num_shards = {report.Shards}.");
        return 0;
    }
}
