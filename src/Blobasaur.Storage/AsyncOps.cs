namespace Blobasaur.Storage;

// async_write SET/MSET: acknowledged once queued. The caller's key and value were copied (the caller may reuse its
// buffers as soon as the call returns) and published in the inflight map; after the commit the entries leave the
// map and their bytes go back to the budget. A failed commit is logged and counted by the writer, and the entries
// are dropped all the same, so reads fall back to what is committed.
// Each item carries the value twice when it was compressed: Value (the client's bytes) for the inflight map, so reads
// never decompress a pending write, and Stored for the row. Both count against the budget.
internal sealed class BlindSetOp(
    InflightMap inflight, ByteBudget budget, IReadOnlyList<(int Slot, byte[] Key, byte[] Value, EncodedValue Stored, long? ExpiresAtMs)> items)
    : WriteOp
{
    private readonly InflightEntry[] _entries = new InflightEntry[items.Count];

    public override long Bytes { get; } =
        items.Sum(i => (long)i.Key.Length + i.Value.Length + (i.Stored.IsCompressed ? i.Stored.Data.Length : 0));

    public IReadOnlyList<(int Slot, byte[] Key, byte[] Value, EncodedValue Stored, long? ExpiresAtMs)> Items => items;

    // Publish and Settle can race: the writer may dequeue, commit and settle the op between its TryWrite and the
    // Publish that follows it. Settling first must win, or Publish would leave entries that nobody removes (a stale
    // value shadowing later writes); once committed, the value is in SQLite and needs no inflight entry.
    private readonly Lock _gate = new();
    private bool _settled;

    /// <summary>Runs under the shard's enqueue lock, right after the op entered the queue, so map order = queue order.</summary>
    public void Publish(long now)
    {
        lock (_gate)
        {
            if (_settled)
                return;
            for (var i = 0; i < items.Count; i++)
                _entries[i] = inflight.Put(items[i].Key, items[i].Value, items[i].ExpiresAtMs, now);
        }
    }

    public override void Apply(ShardTxn txn)
    {
        foreach (var (slot, key, _, stored, expiresAt) in items)
            txn.SetBlob(slot, key, stored, expiresAt);
    }

    public override void Settle()
    {
        lock (_gate)
        {
            _settled = true;
            for (var i = 0; i < items.Count; i++)
                if (_entries[i] is { } entry)
                    inflight.Remove(items[i].Key, entry);
        }

        budget.Release(Bytes);
    }

    public override void Fail(Exception error) => Settle();
}

// One shard's part of an MSETNX whose keys span several shards. The writer runs it alone: it opens a transaction,
// votes whether any of its keys exist, waits for the coordinator's decision (so no other write of this shard can
// slip in between the check and the write), then writes or not and commits. See BlobStore.MSetAsync.
internal sealed class MSetNxPart(IReadOnlyList<SlotKeyValue> items) : WriteOp<bool>
{
    private readonly TaskCompletionSource<bool> _vote = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when some key of this part exists.</summary>
    public Task<bool> Vote => _vote.Task;

    public void Decide(bool write) => _decision.TrySetResult(write);

    public async Task RunAsync(ShardTxn txn, long now)
    {
        txn.Begin(now);
        try
        {
            _vote.TrySetResult(items.Any(i => txn.Exists(i.Slot, i.Key.Span)));
            var write = await _decision.Task.ConfigureAwait(false);
            if (write)
            {
                foreach (var item in items)
                    txn.SetBlob(item.Slot, item.Key.Span, item.Value, expiresAt: null);
            }
            txn.Commit();
            Result = write;
        }
        catch (Exception ex)
        {
            txn.Rollback();
            _vote.TrySetException(ex);
            Fail(ex);
            return;
        }
        Settle();
    }

    public override void Apply(ShardTxn txn) => throw new InvalidOperationException("MSetNxPart runs alone, through RunAsync");
}
