namespace Blobasaur.Storage;

// Per-entry TTLs inside a namespace, with Redis 7.4/8.0 hash-field-expiration semantics
// (https://redis.io/docs/latest/commands/hexpire/, hsetex/, hgetex/). Decided in the writer like every namespace write.

/// <summary>Per-entry integer codes (HEXPIRE: -2/0/1/2, HPERSIST: -2/-1/1), or WrongType when the name is a plain blob.</summary>
public readonly record struct FieldCodesResult(StoreStatus Status, long[] Codes)
{
    public const long NoSuchField = -2, NoTtl = -1, ConditionNotMet = 0, Updated = 1, Deleted = 2;

    public static FieldCodesResult WrongType => new(StoreStatus.WrongType, []);
}

/// <summary>HSETEX's FNX/FXX and its TTL mode.</summary>
public readonly record struct FieldSetOptions(SetCondition Condition, TtlChange Ttl, bool KeepTtl, long ExpiresAtMs);

internal static class NamespaceLookup
{
    /// <summary>
    /// The common start of the per-field TTL ops: codes preset to -2 (no such field); false with the whole reply in
    /// <paramref name="early"/> when the name is a blob (WrongType) or no live namespace exists (all -2).
    /// </summary>
    public static bool TryStartFieldCodes(ShardTxn txn, SlotKey ns, int count, out NamespaceRow row, out long[] codes,
        out FieldCodesResult early)
    {
        codes = new long[count];
        Array.Fill(codes, FieldCodesResult.NoSuchField);
        var found = Find(txn, ns, out var wrongType);
        row = found.GetValueOrDefault();
        early = wrongType ? FieldCodesResult.WrongType : new FieldCodesResult(StoreStatus.Ok, codes);
        return !wrongType && found is not null;
    }

    /// <summary>The live namespace for a write, or null; WrongType is reported through wrongType when a live blob has the name.</summary>
    public static NamespaceRow? Find(ShardTxn txn, SlotKey ns, out bool wrongType)
    {
        wrongType = false;
        if (txn.FindBlob(ns.Slot, ns.Key.Span) is { } blob)
        {
            wrongType = blob.IsLive(txn.Now);
            return null;
        }
        return txn.FindNamespace(ns.Slot, ns.Key.Span);
    }
}

// HEXPIRE family: per entry -2 (no such entry), 0 (condition not met), 1 (set), 2 (deleted: the time is now or past).
internal sealed class HExpireOp(SlotKey ns, long when, ExpireCondition condition, IReadOnlyList<ReadOnlyMemory<byte>> keys)
    : WriteOp<FieldCodesResult>
{
    public override void Apply(ShardTxn txn)
    {
        if (!NamespaceLookup.TryStartFieldCodes(txn, ns, keys.Count, out var r, out var codes, out var early))
        {
            Result = early;
            return;
        }
        var count = r.Count;
        for (var i = 0; i < keys.Count; i++)
        {
            if (txn.FindEntry(r.Id, keys[i].Span) is not { } entry || !entry.IsLive(txn.Now))
                continue;
            if (!ExpireRules.Allows(condition, entry.ExpiresAt, when))
                codes[i] = FieldCodesResult.ConditionNotMet;
            else if (when <= txn.Now)
            {
                txn.DeleteEntry(entry.Id);
                count--;
                codes[i] = FieldCodesResult.Deleted;
            }
            else
            {
                txn.SetEntryExpiry(r.Id, keys[i].Span, when);
                codes[i] = FieldCodesResult.Updated;
            }
        }
        if (count != r.Count)
            txn.UpdateNamespace(r with { Count = count });
        Result = new FieldCodesResult(StoreStatus.Ok, codes);
    }
}

// HPERSIST: per entry -2 (no such entry), -1 (no TTL), 1 (TTL removed).
internal sealed class HPersistOp(SlotKey ns, IReadOnlyList<ReadOnlyMemory<byte>> keys) : WriteOp<FieldCodesResult>
{
    public override void Apply(ShardTxn txn)
    {
        if (!NamespaceLookup.TryStartFieldCodes(txn, ns, keys.Count, out var r, out var codes, out var early))
        {
            Result = early;
            return;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            if (txn.FindEntry(r.Id, keys[i].Span) is not { } entry || !entry.IsLive(txn.Now))
                continue;
            if (entry.ExpiresAt is null)
            {
                codes[i] = FieldCodesResult.NoTtl;
                continue;
            }
            txn.SetEntryExpiry(r.Id, keys[i].Span, null);
            codes[i] = FieldCodesResult.Updated;
        }
        Result = new FieldCodesResult(StoreStatus.Ok, codes);
    }
}

// HSETEX (Redis 8.0): 1 when every pair was written, 0 when FNX/FXX refused them all (all-or-nothing). Without KEEPTTL or
// a time, written entries lose their TTL (as HSET); a time already passed deletes the named entries.
internal sealed class HSetExOp(SlotKey ns, IReadOnlyList<(ReadOnlyMemory<byte> Key, EncodedValue Value)> pairs,
    FieldSetOptions options) : WriteOp<CountResult>
{
    public override long Bytes => ns.Key.Length + pairs.Sum(p => (long)p.Key.Length + p.Value.Data.Length);

    public override void Apply(ShardTxn txn)
    {
        if (txn.FindBlob(ns.Slot, ns.Key.Span) is { } blob)
        {
            if (blob.IsLive(txn.Now))
            {
                Result = CountResult.WrongType;
                return;
            }
            txn.DeleteBlob(blob.Id);
        }
        var row = txn.FindNamespace(ns.Slot, ns.Key.Span);
        if (!ConditionHolds(txn, row))
        {
            Result = CountResult.Of(0);
            return;
        }
        var r = row ?? txn.CreateNamespace(ns.Slot, ns.Key.Span);
        var count = r.Count;
        foreach (var (key, value) in pairs)
            count += Write(txn, r.Id, key.Span, value);
        txn.UpdateNamespace(r with { Count = count });
        Result = CountResult.Of(1);
    }

    // FNX: none of the entries may exist; FXX: all must (and so must the namespace).
    private bool ConditionHolds(ShardTxn txn, NamespaceRow? row)
    {
        if (options.Condition == SetCondition.None)
            return true;
        if (row is not { } r)
            return options.Condition == SetCondition.IfNotExists;
        foreach (var (key, _) in pairs)
        {
            var exists = txn.FindEntry(r.Id, key.Span) is { } e && e.IsLive(txn.Now);
            if (exists != (options.Condition == SetCondition.IfExists))
                return false;
        }
        return true;
    }

    // Returns the change in physical rows (+1 created, -1 deleted, 0 otherwise).
    private long Write(ShardTxn txn, long nsId, ReadOnlySpan<byte> key, EncodedValue value)
    {
        var entry = txn.FindEntry(nsId, key);
        if (options.Ttl == TtlChange.Set && options.ExpiresAtMs <= txn.Now)
        {
            if (entry is not { } doomed)
                return 0;
            txn.DeleteEntry(doomed.Id);
            return -1;
        }
        var created = txn.WriteEntry(nsId, key, value, entry); // clears the entry's TTL, as HSET does
        long? ttl = options.Ttl == TtlChange.Set ? options.ExpiresAtMs
            : options.KeepTtl && entry is { } old && old.IsLive(txn.Now) ? old.ExpiresAt
            : null;
        if (ttl is not null)
            txn.SetEntryExpiry(nsId, key, ttl);
        return created ? 1 : 0;
    }
}

// HGETEX (Redis 8.0): the values (null where missing), then the TTL change on the entries that were found.
internal sealed class HGetExOp(SlotKey ns, TtlChange change, long when, IReadOnlyList<ReadOnlyMemory<byte>> keys)
    : WriteOp<MultiGetResult>
{
    public override void Apply(ShardTxn txn)
    {
        Result.Values?.ToList().ForEach(v => v?.Dispose()); // a retried batch runs Apply again
        var values = new BlobValue?[keys.Count];
        var row = NamespaceLookup.Find(txn, ns, out var wrongType);
        if (wrongType || row is not { } r)
        {
            Result = new MultiGetResult(wrongType ? StoreStatus.WrongType : StoreStatus.Ok, wrongType ? [] : values);
            return;
        }
        var count = r.Count;
        for (var i = 0; i < keys.Count; i++)
        {
            if (txn.FindEntry(r.Id, keys[i].Span) is not { } entry || !entry.IsLive(txn.Now))
                continue;
            values[i] = txn.ReadEntry(entry.Id);
            if (change == TtlChange.Persist && entry.ExpiresAt is not null)
                txn.SetEntryExpiry(r.Id, keys[i].Span, null);
            else if (change == TtlChange.Set && when <= txn.Now)
            {
                txn.DeleteEntry(entry.Id);
                count--;
            }
            else if (change == TtlChange.Set)
                txn.SetEntryExpiry(r.Id, keys[i].Span, when);
        }
        if (count != r.Count)
            txn.UpdateNamespace(r with { Count = count });
        Result = new MultiGetResult(StoreStatus.Ok, values);
    }

    public override void Fail(Exception error)
    {
        Result.Dispose();
        base.Fail(error);
    }
}
