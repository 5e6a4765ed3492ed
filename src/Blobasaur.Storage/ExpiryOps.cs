namespace Blobasaur.Storage;

// Write ops that read or change TTLs (https://redis.io/docs/latest/commands/expire/). They run inside the writer's
// transaction like every other conditional write, so the check of the current TTL and the change are atomic, in
// sync and async mode alike. "Now" is the transaction's clock reading (ShardTxn.Now), as Redis uses one time
// snapshot per command.

/// <summary>
/// EXPIRE's NX/XX/GT/LT (and HEXPIRE's). Flags: Redis accepts XX with GT or LT, and checks each. For GT and LT a key
/// without a TTL counts as an infinite TTL.
/// </summary>
[Flags]
public enum ExpireCondition
{
    None = 0,
    /// <summary>NX: only when there is no TTL.</summary>
    IfNoTtl = 1,
    /// <summary>XX: only when there is a TTL.</summary>
    IfHasTtl = 2,
    /// <summary>GT: only when the new time is later than the current one (never when there is no TTL).</summary>
    IfGreater = 4,
    /// <summary>LT: only when the new time is earlier than the current one (always when there is no TTL).</summary>
    IfLess = 8,
}

/// <summary>What GETEX/HGETEX do to the TTL of what they read.</summary>
public enum TtlChange
{
    None,
    Set,
    Persist,
}

internal static class ExpireRules
{
    // Mirrors redis expireGenericCommand / hashTypeSetEx: current null = no TTL.
    public static bool Allows(ExpireCondition condition, long? current, long when) =>
        (!condition.HasFlag(ExpireCondition.IfNoTtl) || current is null)
        && (!condition.HasFlag(ExpireCondition.IfHasTtl) || current is not null)
        && (!condition.HasFlag(ExpireCondition.IfGreater) || (current is { } c && when > c))
        && (!condition.HasFlag(ExpireCondition.IfLess) || current is not { } c2 || when < c2);
}

// EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT: 1 when the TTL was set (or the key deleted because the time has passed), 0 when the
// key is missing or the condition failed.
internal sealed class ExpireOp(SlotKey key, long when, ExpireCondition condition) : WriteOp<bool>
{
    public override void Apply(ShardTxn txn)
    {
        if (txn.FindLiveKey(key.Slot, key.Key.Span) is not { } live || !ExpireRules.Allows(condition, live.ExpiresAt, when))
        {
            Result = false;
            return;
        }
        if (when <= txn.Now)
            txn.DeleteKey(live);
        else
            txn.SetKeyExpiry(live, when);
        Result = true;
    }
}

// PERSIST: 1 when a TTL was removed, 0 when the key is missing or has none.
internal sealed class PersistOp(SlotKey key) : WriteOp<bool>
{
    public override void Apply(ShardTxn txn)
    {
        Result = false;
        if (txn.FindLiveKey(key.Slot, key.Key.Span) is not { ExpiresAt: not null } live)
            return;
        txn.SetKeyExpiry(live, null);
        Result = true;
    }
}

// GETEX: the value, then the TTL change; a time already passed deletes the key after reading it, as Redis does.
internal sealed class GetExOp(SlotKey key, TtlChange change, long when) : WriteOp<GetResult>
{
    public override void Apply(ShardTxn txn)
    {
        Result.Value?.Dispose(); // a retried batch runs Apply again
        if (txn.FindLiveKey(key.Slot, key.Key.Span) is not { } live)
        {
            Result = GetResult.NotFound;
            return;
        }
        if (live.Blob is not { } blob)
        {
            Result = GetResult.WrongType;
            return;
        }
        var value = txn.ReadBlob(blob.Id);
        if (change == TtlChange.Persist && live.ExpiresAt is not null)
            txn.SetKeyExpiry(live, null);
        else if (change == TtlChange.Set && when <= txn.Now)
            txn.DeleteBlob(blob.Id);
        else if (change == TtlChange.Set)
            txn.SetKeyExpiry(live, when);
        Result = GetResult.Found(value);
    }

    public override void Fail(Exception error)
    {
        Result.Value?.Dispose();
        base.Fail(error);
    }
}

// One shard's sweep chunk: deletes up to Budget expired rows in the batch's transaction.
internal sealed class SweepExpiredOp(int budget) : WriteOp<int>
{
    public int Budget => budget;

    public override void Apply(ShardTxn txn) => Result = txn.SweepExpired(budget);
}
