namespace Blobasaur.Storage;

// SETRANGE and APPEND (https://redis.io/docs/latest/commands/setrange/, .../append/): read-modify-write inside the
// shard writer's transaction, so they are atomic with respect to every other write of the key. Both keep the
// key's TTL, as Redis does. Result: the value's new length, or WrongType for a namespace.
internal sealed class SetRangeOp(SlotKey key, long offset, ReadOnlyMemory<byte> value) : WriteOp<CountResult>
{
    public override long Bytes => key.Key.Length + value.Length;

    public override void Apply(ShardTxn txn)
    {
        var k = key.Key.Span;
        var blob = txn.FindBlob(key.Slot, k);
        if (blob is not { } row || !row.IsLive(txn.Now))
        {
            if (blob is null && txn.FindNamespace(key.Slot, k) is not null)
                Result = CountResult.WrongType;
            else
                Result = CountResult.Of(value.IsEmpty ? 0 : RangeEdit.WriteNew(txn, key, offset, value.Span, blob));
            return;
        }
        if (value.IsEmpty)
        {
            Result = CountResult.Of(row.Size);
            return;
        }
        // Inside the current length of a raw value: patch the bytes in place.
        if (offset + value.Length <= row.Size && txn.BlobCodec(row.Id) == 0)
        {
            txn.OverwriteBlobRange(row.Id, offset, value.Span);
            Result = CountResult.Of(row.Size);
            return;
        }
        Result = CountResult.Of(RangeEdit.Rewrite(txn, key, row, offset, value.Span));
    }
}

internal sealed class AppendOp(SlotKey key, ReadOnlyMemory<byte> value) : WriteOp<CountResult>
{
    public override long Bytes => key.Key.Length + value.Length;

    public override void Apply(ShardTxn txn)
    {
        var k = key.Key.Span;
        var blob = txn.FindBlob(key.Slot, k);
        if (blob is not { } row || !row.IsLive(txn.Now))
        {
            Result = blob is null && txn.FindNamespace(key.Slot, k) is not null
                ? CountResult.WrongType
                : CountResult.Of(RangeEdit.WriteNew(txn, key, 0, value.Span, blob));
            return;
        }
        Result = value.IsEmpty ? CountResult.Of(row.Size) : CountResult.Of(RangeEdit.Rewrite(txn, key, row, row.Size, value.Span));
    }
}

internal static class RangeEdit
{
    /// <summary>A new value: offset zero bytes, then bytes. Replaces an expired row (without its TTL). Returns the length.</summary>
    public static long WriteNew(ShardTxn txn, SlotKey key, long offset, ReadOnlySpan<byte> bytes, BlobRow? expired)
    {
        using var buffer = BlobValue.Rent(checked((int)(offset + bytes.Length)));
        var target = buffer.Writable;
        target[..(int)offset].Clear();
        bytes.CopyTo(target[(int)offset..]);
        txn.WriteBlob(key.Slot, key.Key.Span, target, expiresAt: null, expired);
        return target.Length;
    }

    /// <summary>
    /// The whole value rewritten: old bytes, zero padding up to offset, then bytes. ReadBlob/WriteBlob are the row
    /// primitives that (de)compress, so this path is also the one for compressed values.
    /// </summary>
    public static long Rewrite(ShardTxn txn, SlotKey key, BlobRow row, long offset, ReadOnlySpan<byte> bytes)
    {
        using var old = txn.ReadBlob(row.Id);
        var length = checked((int)Math.Max(old.Length, offset + bytes.Length));
        using var buffer = BlobValue.Rent(length);
        var target = buffer.Writable;
        old.Span.CopyTo(target);
        if (offset > old.Length)
            target[old.Length..(int)offset].Clear();
        bytes.CopyTo(target[(int)offset..]);
        txn.WriteBlob(key.Slot, key.Key.Span, target, row.ExpiresAt, row);
        return length;
    }
}
