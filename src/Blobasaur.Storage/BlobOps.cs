namespace Blobasaur.Storage;

// SET with options: https://redis.io/docs/latest/commands/set/ (NX/XX, GET, KEEPTTL).
// The value arrives encoded (compressed by the caller); the old value for GET leaves encoded, decoded after the commit.
internal sealed class SetOp(SlotKey key, EncodedValue value, SetOptions options) : WriteOp<SetResult>
{
    public override long Bytes => key.Key.Length + value.Data.Length;

    public override void Apply(ShardTxn txn)
    {
        var k = key.Key.Span;
        var blob = txn.FindBlob(key.Slot, k);
        var live = blob is { } b && b.IsLive(txn.Now);
        var ns = blob is null ? txn.FindNamespace(key.Slot, k) : null;
        if (options.ReturnOld && ns is not null)
        {
            Result = new SetResult(StoreStatus.WrongType, null); // SET ... GET on a hash: error, nothing written
            return;
        }

        var old = options.ReturnOld && live ? txn.ReadBlobEncoded(blob!.Value.Id) : null;
        var exists = live || ns is not null;
        if ((options.Condition == SetCondition.IfNotExists && exists) || (options.Condition == SetCondition.IfExists && !exists))
        {
            Result = new SetResult(StoreStatus.ConditionNotMet, old);
            return;
        }

        if (ns is { } dropped)
            txn.DropNamespace(dropped);
        var expiresAt = options.KeepTtl && live ? blob!.Value.ExpiresAt : options.ExpiresAtMs;
        txn.WriteBlob(key.Slot, k, value, expiresAt, blob);
        Result = new SetResult(StoreStatus.Ok, old);
    }
}

// MSET / MSETNX within one shard: https://redis.io/docs/latest/commands/msetnx/. Atomic: one op, one transaction.
internal sealed class MSetOp(IReadOnlyList<SlotKeyValue> items, bool onlyIfNoneExist) : WriteOp<bool>
{
    public override long Bytes => items.Sum(i => (long)i.Key.Length + i.Value.Data.Length);

    public override void Apply(ShardTxn txn)
    {
        if (onlyIfNoneExist && items.Any(i => txn.Exists(i.Slot, i.Key.Span)))
        {
            Result = false;
            return;
        }
        foreach (var item in items)
            txn.SetBlob(item.Slot, item.Key.Span, item.Value, expiresAt: null);
        Result = true;
    }
}

internal sealed class GetDelOp(SlotKey key) : WriteOp<GetResult>
{
    public override void Apply(ShardTxn txn)
    {
        var k = key.Key.Span;
        if (txn.FindBlob(key.Slot, k) is { } blob)
        {
            var value = blob.IsLive(txn.Now) ? txn.ReadBlobEncoded(blob.Id) : null; // decoded by the caller
            txn.DeleteBlob(blob.Id);
            Result = value is null ? GetResult.NotFound : GetResult.Found(value);
            return;
        }
        Result = txn.FindNamespace(key.Slot, k) is null ? GetResult.NotFound : GetResult.WrongType;
    }
}

// DEL/UNLINK: a namespace counts as one key; an expired blob is removed but not counted (it no longer existed).
internal sealed class DeleteOp(IReadOnlyList<SlotKey> keys) : WriteOp<long>
{
    public override void Apply(ShardTxn txn)
    {
        long deleted = 0;
        foreach (var key in keys)
        {
            if (txn.FindBlob(key.Slot, key.Key.Span) is { } blob)
            {
                txn.DeleteBlob(blob.Id);
                deleted += blob.IsLive(txn.Now) ? 1 : 0;
            }
            else if (txn.FindNamespace(key.Slot, key.Key.Span) is { } ns)
            {
                txn.DropNamespace(ns);
                deleted++;
            }
        }
        Result = deleted;
    }
}

internal sealed class FlushOp : WriteOp<bool>
{
    public override void Apply(ShardTxn txn)
    {
        txn.FlushAll();
        Result = true;
    }
}
