namespace Blobasaur.Storage;

// Backpressure for async_write: the bytes of queued, uncommitted writes (across all shards) stay under
// InflightMaxBytes by making writers wait; nothing is evicted or dropped. A single write larger than the whole
// budget is admitted when nothing else is pending, so it cannot wait forever. Waiters are served in order.
internal sealed class ByteBudget(long limit)
{
    private readonly Queue<(long Bytes, TaskCompletionSource Ready)> _waiters = new();
    private long _used;

    public long Used => Interlocked.Read(ref _used);
    public long Limit => limit;
    public long Waits { get; private set; }

    /// <summary>Takes the bytes only if nobody waits and they fit now.</summary>
    public bool TryAcquire(long bytes)
    {
        lock (_waiters)
        {
            if (_waiters.Count != 0 || !Fits(bytes))
                return false;
            _used += bytes;
            return true;
        }
    }

    public ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        TaskCompletionSource ready;
        lock (_waiters)
        {
            if (_waiters.Count == 0 && Fits(bytes))
            {
                _used += bytes;
                return ValueTask.CompletedTask;
            }
            ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((bytes, ready));
            Waits++;
        }
        // A cancelled waiter still gets its bytes when its turn comes; it hands them straight back.
        return new ValueTask(WaitAsync(bytes, ready.Task, cancellationToken));
    }

    private async Task WaitAsync(long bytes, Task ready, CancellationToken cancellationToken)
    {
        try
        {
            await ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = ready.ContinueWith(_ => Release(bytes), TaskScheduler.Default);
            throw;
        }
    }

    public void Release(long bytes)
    {
        List<TaskCompletionSource>? wake = null;
        lock (_waiters)
        {
            _used -= bytes;
            while (_waiters.Count > 0 && Fits(_waiters.Peek().Bytes))
            {
                var (next, ready) = _waiters.Dequeue();
                _used += next;
                (wake ??= []).Add(ready);
            }
        }
        wake?.ForEach(r => r.TrySetResult());
    }

    private bool Fits(long bytes) => _used == 0 || _used + bytes <= limit;
}
