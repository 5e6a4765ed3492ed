namespace Blobasaur.Storage;

// One queued mutation of a shard. The writer calls Apply inside its transaction (where the op decides conditions
// against the exact current state, since the writer is the shard's only mutator), then Settle after the commit or
// Fail after a rollback. Apply may run twice: when a batch fails, its ops are retried one by one.
internal abstract class WriteOp
{
    /// <summary>Approximate bytes this op holds (key + value), for the batch-size counter and backpressure.</summary>
    public virtual long Bytes => 0;

    public abstract void Apply(ShardTxn txn);

    public abstract void Settle();

    public abstract void Fail(Exception error);
}

// An op whose caller awaits a result, delivered after the commit.
internal abstract class WriteOp<T> : WriteOp
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected T Result { get; set; } = default!;

    public Task<T> Task => _done.Task;

    public override void Settle() => _done.TrySetResult(Result);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
