using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// The only mutator of one shard. Ops arrive on a bounded channel; the writer takes up to batch_size of them
// (waiting at most batch_timeout_ms for more; 0 = group commit of whatever is already queued, no added latency)
// and applies them in one transaction with statements prepared once. Runs as a thread-pool task: the SQLite calls
// block it, which is the point: one thread per shard is what orders the writes.
internal sealed partial class ShardWriter : IAsyncDisposable
{
    // Under load, a shard sweeps this many entries of deleted namespaces per batch; when idle, ShardTxn.SweepChunk.
    private const int SweepPerBatch = 500;

    private readonly int _shard;
    private readonly ShardTxn _txn;
    private readonly Channel<WriteOp> _queue;
    private readonly int _batchSize;
    private readonly TimeSpan _batchTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _enqueueLock = new();
    private readonly List<WriteOp> _batch;
    private readonly Task _loop;
    private long _commits, _committedOps, _largestBatch, _failedCommits;

    public ShardWriter(int shard, ShardTxn txn, int batchSize, int batchTimeoutMs, TimeProvider time, ILogger logger)
    {
        _shard = shard;
        _txn = txn;
        _batchSize = Math.Max(1, batchSize);
        _batchTimeout = TimeSpan.FromMilliseconds(Math.Max(0, batchTimeoutMs));
        _time = time;
        _logger = logger;
        _batch = new List<WriteOp>(_batchSize);
        _queue = Channel.CreateBounded<WriteOp>(new BoundedChannelOptions(Math.Max(1024, _batchSize * 4))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    public long Commits => Interlocked.Read(ref _commits);
    public long CommittedOps => Interlocked.Read(ref _committedOps);
    public long LargestBatch => Interlocked.Read(ref _largestBatch);
    public long FailedCommits => Interlocked.Read(ref _failedCommits);
    public int QueueLength => _queue.Reader.Count;

    /// <summary>Observer of each committed batch (shard, operations, Stopwatch ticks); set by the metrics layer, null otherwise.</summary>
    public Action<int, int, long>? BatchCommitted { get; set; }

    // Admission order. The queue is bounded, so an enqueue may have to wait; without care a later write could then
    // overtake an earlier one that is still waiting (for queue space, or for async-write budget), and a client that
    // pipelines "SET k a" then "SET k b" would end with "a". Every enqueue therefore takes its place in line
    // synchronously, at call time: the fast path writes straight into the queue when nobody is waiting; otherwise the
    // op chains behind the last waiting one. Connection relies on this to start pipelined writes without awaiting.
    private Task _admissionTail = Task.CompletedTask;

    public ValueTask EnqueueAsync(WriteOp op, CancellationToken cancellationToken)
    {
        lock (_enqueueLock)
        {
            if (_admissionTail.IsCompleted && _queue.Writer.TryWrite(op))
                return ValueTask.CompletedTask;
            return new ValueTask(AdmitLaterAsync(op, null, cancellationToken));
        }
    }

    /// <summary>Queues a blind async write, after its bytes fit the budget, and publishes its inflight values atomically
    /// with respect to queue order.</summary>
    public ValueTask EnqueueBlindAsync(BlindSetOp op, ByteBudget budget, Func<long> now, CancellationToken cancellationToken)
    {
        lock (_enqueueLock)
        {
            if (_admissionTail.IsCompleted && budget.TryAcquire(op.Bytes))
            {
                if (_queue.Writer.TryWrite(op))
                {
                    op.Publish(now());
                    return ValueTask.CompletedTask;
                }

                budget.Release(op.Bytes);
            }

            return new ValueTask(AdmitLaterAsync(op, (budget, now), cancellationToken));
        }
    }

    // Called under _enqueueLock: links this op behind the current tail, so admission follows call order.
    private Task AdmitLaterAsync(WriteOp op, (ByteBudget Budget, Func<long> Now)? blind, CancellationToken cancellationToken)
    {
        var previous = _admissionTail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _admissionTail = done.Task;
        return RunAdmissionAsync(previous, done, op, blind, cancellationToken);
    }

    private async Task RunAdmissionAsync(Task previous, TaskCompletionSource done, WriteOp op,
        (ByteBudget Budget, Func<long> Now)? blind, CancellationToken cancellationToken)
    {
        try
        {
            await previous.ConfigureAwait(false);
            if (blind is { } b)
                await b.Budget.AcquireAsync(op.Bytes, cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    lock (_enqueueLock)
                    {
                        if (_queue.Writer.TryWrite(op))
                        {
                            if (blind is { } published)
                                ((BlindSetOp)op).Publish(published.Now());
                            return;
                        }
                    }

                    if (!await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                        throw new ObjectDisposedException("BlobStore");
                }
            }
            catch when (blind is not null)
            {
                blind.Value.Budget.Release(op.Bytes);
                throw;
            }
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        WriteOp? held = null;
        while (true)
        {
            if (held is null && !reader.TryPeek(out _))
            {
                if (_txn.HasDropped)
                {
                    Sweep(ShardTxn.SweepChunk);
                    continue;
                }
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                    return;
            }

            if (held is MSetNxPart part)
            {
                held = null;
                await part.RunAsync(_txn, NowMs()).ConfigureAwait(false);
                continue;
            }
            if (held is IExclusiveOp exclusive)
            {
                held = null;
                RunExclusive(exclusive);
                continue;
            }
            _batch.Clear();
            if (held is not null)
                _batch.Add(held);
            held = Fill(reader);
            if (held is null && _batch.Count < _batchSize && _batchTimeout > TimeSpan.Zero)
                held = await FillWithTimeoutAsync(reader).ConfigureAwait(false);
            if (_batch.Count > 0)
                ApplyBatch(_batch);
        }
    }

    // Takes queued ops until the batch is full; stops at an MSetNxPart or IExclusiveOp (they run alone) and returns it.
    private WriteOp? Fill(ChannelReader<WriteOp> reader)
    {
        while (_batch.Count < _batchSize && reader.TryRead(out var op))
        {
            if (op is MSetNxPart or IExclusiveOp)
                return op;
            _batch.Add(op);
        }
        return null;
    }

    private async Task<WriteOp?> FillWithTimeoutAsync(ChannelReader<WriteOp> reader)
    {
        using var timeout = new CancellationTokenSource(_batchTimeout, _time);
        while (_batch.Count < _batchSize)
        {
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                    return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            if (Fill(reader) is { } held)
                return held;
        }
        return null;
    }

    private void ApplyBatch(List<WriteOp> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _txn.Begin(NowMs());
            foreach (var op in batch)
                op.Apply(_txn);
            if (_txn.HasDropped)
                _txn.SweepDropped(SweepPerBatch);
            _txn.Commit();
        }
        catch (Exception ex)
        {
            SafeRollback();
            if (DiskFullException.IsDiskFull(ex))
            {
                FailAll(batch, new DiskFullException(_shard, ex));
                return;
            }
            if (batch.Count > 1)
            {
                // One bad op (say, a value over SQLite's limit) must not fail its neighbours: retry each alone.
                Log.BatchFailed(_logger, _shard, batch.Count, ex);
                foreach (var op in batch.ToArray())
                    ApplyBatch([op]);
                return;
            }
            Interlocked.Increment(ref _failedCommits);
            Log.WriteFailed(_logger, _shard, batch[0].Bytes, ex);
            batch[0].Fail(ex);
            return;
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committedOps, batch.Count);
        if (batch.Count > Interlocked.Read(ref _largestBatch))
            Interlocked.Exchange(ref _largestBatch, batch.Count);
        BatchCommitted?.Invoke(_shard, batch.Count, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        foreach (var op in batch)
            op.Settle();
    }

    // Out of space: retrying the ops one by one would fail the same way, so the batch fails as a whole.
    private void FailAll(List<WriteOp> batch, DiskFullException error)
    {
        Interlocked.Increment(ref _failedCommits);
        Log.DiskFull(_logger, _shard, batch.Count, error.InnerException!);
        foreach (var op in batch.ToArray())
            op.Fail(error);
    }

    private void Sweep(int budget)
    {
        try
        {
            _txn.Begin(NowMs());
            var rows = _txn.SweepDropped(budget);
            _txn.Commit();
            Log.Swept(_logger, _shard, rows);
        }
        catch (Exception ex)
        {
            SafeRollback();
            Interlocked.Increment(ref _failedCommits);
            Log.WriteFailed(_logger, _shard, 0, ex);
        }
    }

    private void SafeRollback()
    {
        try
        {
            _txn.Rollback();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The failure already rolled the transaction back (SQLITE_FULL, I/O errors): nothing left to undo.
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Stops accepting writes, then drains and commits everything already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
