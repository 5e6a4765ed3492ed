using Blobasaur.Protocol;
using Blobasaur.Storage.Maintenance;

namespace Blobasaur.Commands.Maintenance;

/// <summary>
/// BLOBASAUR.BACKUP &lt;dir&gt;: an online backup of every shard plus the layout record into dir (absent or empty), on the
/// server's file system (a relative dir is relative to the server's working directory). Synchronous for the caller: the
/// reply comes when the backup is complete (other connections keep being served, writes included). Reply: field/value
/// pairs dir, shards, bytes, started_at_ms, finished_at_ms, duration_ms. LASTSAVE then returns finished_at in seconds.
/// </summary>
public static class BackupCommand
{
    public static async ValueTask<Reply> Backup(CommandContext ctx)
    {
        BackupReport report;
        try
        {
            report = await ctx.Server.Store.BackupAsync(ctx.ArgString(1), ctx.Cancellation).ConfigureAwait(false);
        }
        catch (BackupInProgressException)
        {
            return Reply.Error("ERR a backup is already in progress");
        }
        catch (BackupException ex)
        {
            return Reply.Error("ERR " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return Reply.Error("ERR backup failed: " + RespErrors.Clean(ex.Message));
        }

        return Reply.Array(
        [
            Reply.Bulk("dir"), Reply.Bulk(report.Directory),
            Reply.Bulk("shards"), Reply.Integer(report.Shards),
            Reply.Bulk("bytes"), Reply.Integer(report.Bytes),
            Reply.Bulk("started_at_ms"), Reply.Integer(report.StartedAt.ToUnixTimeMilliseconds()),
            Reply.Bulk("finished_at_ms"), Reply.Integer(report.FinishedAt.ToUnixTimeMilliseconds()),
            Reply.Bulk("duration_ms"), Reply.Integer((long)report.Duration.TotalMilliseconds),
        ]);
    }
}
