using System.IO.Pipelines;
using System.Text;

namespace Blobasaur.Server;

// MONITOR streaming and per-connection byte counts. A monitoring connection keeps its ordinary loop: while it waits for input
// it also wakes when a monitor line is queued, writes every queued line and flushes, so commands and lines never interleave
// inside one reply and no second writer touches the pipe.
public sealed partial class Connection
{
    /// <summary>While this many reply bytes wait for a monitor's socket, its new lines are dropped (and counted) instead of
    /// queued behind them: a monitor that does not read costs at most this, not the output-buffer limit.</summary>
    internal const long MonitorBacklogBytes = 1 << 20;

    private Task MonitorWaitAsync(CancellationToken stop) => Client.Monitor is { } monitor ? monitor.WaitAsync(stop) : Task.Delay(-1, stop);

    private void WriteMonitorLines()
    {
        if (Client.Monitor is not { } monitor) return;
        while (monitor.TryRead(out var line))
        {
            if (output is ClientOutput { Pending: > MonitorBacklogBytes })
            {
                monitor.Dropped();
                continue;
            }

            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length) + 2);
            var n = Encoding.UTF8.GetBytes(line, span);
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            output.Advance(n + 2);
        }
    }

    private ValueTask<FlushResult> FlushAsync()
    {
        Client.Figures.Sent(output.UnflushedBytes);
        return output.FlushAsync(CancellationToken.None);
    }
}
