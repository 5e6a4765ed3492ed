using System.Globalization;
using Blobasaur.Protocol;
using Blobasaur.Storage.Maintenance;

namespace Blobasaur.Commands.Maintenance;

/// <summary>
/// BLOBASAUR.VACUUM SHARD &lt;id|ALL&gt; MODE &lt;incremental|full&gt; BUDGET_MB &lt;n&gt; [DRYRUN]: returns free pages of shard
/// files to the file system (docs/operations.md, "Vacuum"). Options may come in any order; all three are required.
/// Reply: one array per shard of field/value pairs (shard, status, mode, dry_run, page sizes and counts before/after,
/// pages and bytes freed, file sizes, duration_ms, and error when status is "error").
/// </summary>
public static class VacuumCommand
{
    public static async ValueTask<Reply> Vacuum(CommandContext ctx)
    {
        if (!TryParse(ctx, out var shard, out var mode, out var budget, out var dryRun, out var error))
            return Reply.Error(error);
        var reports = await ctx.Server.Store.VacuumAsync(shard, mode, budget, dryRun, ctx.Cancellation).ConfigureAwait(false);
        return Reply.Array([.. reports.Select(ToReply)]);
    }

    private static bool TryParse(CommandContext ctx, out int? shard, out VacuumMode mode, out long budget, out bool dryRun, out string error)
    {
        shard = null;
        mode = VacuumMode.Incremental;
        budget = 0;
        dryRun = false;
        error = "";
        bool haveShard = false, haveMode = false, haveBudget = false;
        for (var i = 1; i < ctx.Count; i++)
        {
            var last = i + 1 >= ctx.Count;
            if (ctx.ArgIs(i, "DRYRUN"))
            {
                dryRun = true;
            }
            else if (ctx.ArgIs(i, "SHARD") && !last)
            {
                i++;
                haveShard = true;
                if (ctx.ArgIs(i, "ALL"))
                    continue;
                if (!ctx.TryGetLong(i, out var id))
                {
                    error = RespErrors.NotInteger;
                    return false;
                }
                if (id < 0 || id >= ctx.Server.Store.ShardCount)
                {
                    error = $"ERR invalid shard id {id}: this node has shards 0..{ctx.Server.Store.ShardCount - 1}";
                    return false;
                }
                shard = (int)id;
            }
            else if (ctx.ArgIs(i, "MODE") && !last)
            {
                i++;
                haveMode = true;
                if (ctx.ArgIs(i, "INCREMENTAL"))
                    mode = VacuumMode.Incremental;
                else if (ctx.ArgIs(i, "FULL"))
                    mode = VacuumMode.Full;
                else
                {
                    error = "ERR MODE must be incremental or full";
                    return false;
                }
            }
            else if (ctx.ArgIs(i, "BUDGET_MB") && !last)
            {
                i++;
                haveBudget = true;
                if (!ctx.TryGetLong(i, out budget) || budget <= 0)
                {
                    error = "ERR BUDGET_MB must be a positive integer";
                    return false;
                }
            }
            else
            {
                error = RespErrors.Syntax;
                return false;
            }
        }
        if (haveShard && haveMode && haveBudget)
            return true;
        error = "ERR BLOBASAUR.VACUUM needs SHARD <id|ALL>, MODE <incremental|full> and BUDGET_MB <n>";
        return false;
    }

    private static Reply ToReply(VacuumReport r)
    {
        var fields = new List<Reply>
        {
            Reply.Bulk("shard"), Reply.Integer(r.Shard),
            Reply.Bulk("status"), Reply.Bulk(r.Ok ? "ok" : "error"),
            Reply.Bulk("mode"), Reply.Bulk(r.Mode == VacuumMode.Full ? "full" : "incremental"),
            Reply.Bulk("dry_run"), Reply.Integer(r.DryRun ? 1 : 0),
            Reply.Bulk("page_size"), Reply.Integer(r.PageSize),
            Reply.Bulk("pages_before"), Reply.Integer(r.PagesBefore),
            Reply.Bulk("bytes_before"), Reply.Integer(r.BytesBefore),
            Reply.Bulk("freelist_before"), Reply.Integer(r.FreelistBefore),
            Reply.Bulk("pages_freed"), Reply.Integer(r.PagesFreed),
            Reply.Bulk("bytes_freed"), Reply.Integer(r.BytesFreed),
            Reply.Bulk("pages_after"), Reply.Integer(r.PagesAfter),
            Reply.Bulk("bytes_after"), Reply.Integer(r.BytesAfter),
            Reply.Bulk("freelist_after"), Reply.Integer(r.FreelistAfter),
            Reply.Bulk("file_bytes_before"), Reply.Integer(r.FileBytesBefore),
            Reply.Bulk("file_bytes_after"), Reply.Integer(r.FileBytesAfter),
            Reply.Bulk("duration_ms"), Reply.Bulk(r.Duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)),
        };
        if (r.Error is { } error)
        {
            fields.Add(Reply.Bulk("error"));
            fields.Add(Reply.Bulk(error));
        }
        return Reply.Array(fields);
    }
}
