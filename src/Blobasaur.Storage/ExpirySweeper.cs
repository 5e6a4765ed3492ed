using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// Active expiry: every expiry_sweep_interval_ms, each shard deletes its expired rows in chunks of
// BlobStore.SweepChunkRows, each chunk its own queued op (so a million keys expiring at once costs 2 000 small
// transactions interleaved with the writes, never one long one). Reads never depended on it: every read filters
// expires_at > now, so the sweeper only reclaims space and keeps DBSIZE close to the live count.
// The timer comes from the store's TimeProvider; a fake clock that does not simulate timers falls back to real time,
// which is why tests call BlobStore.SweepExpiredAsync directly after advancing the clock.
internal sealed class ExpirySweeper : IAsyncDisposable
{
    private readonly BlobStore _store;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public ExpirySweeper(BlobStore store, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _timer = new PeriodicTimer(interval, time);
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    var rows = await _store.SweepExpiredAsync(_stop.Token).ConfigureAwait(false);
                    if (rows > 0)
                        Log.SweptExpired(_logger, rows);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.SweepFailed(_logger, ex); // a failed chunk was rolled back; the next tick tries again
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _timer.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // the store closed under a running chunk: nothing left to sweep
        }
        _stop.Dispose();
    }
}
