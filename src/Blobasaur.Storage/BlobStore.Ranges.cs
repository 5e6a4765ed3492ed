namespace Blobasaur.Storage;

// Range reads and writes: GETRANGE, SETRANGE, APPEND (https://redis.io/docs/latest/commands/getrange/).
// GETRANGE of an uncompressed value opens the row with SQLite incremental blob I/O and copies only the requested
// bytes, so 4 KB from the middle of a 200 MB value costs about what a 4 KB GET costs (docs/benchmarks.md).
public sealed partial class BlobStore
{
    /// <summary>
    /// GETRANGE key start end, with its index rules: negative indexes count from the end, the range is clamped to the
    /// value, and an empty range (or a missing key) gives an empty value. WrongType for a namespace.
    /// </summary>
    public async ValueTask<GetResult> GetRangeAsync(ReadOnlyMemory<byte> key, long start, long end, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        var now = NowMs();
        if (shard.Inflight is { } inflight && inflight.TryGet(key.Span, out var pending))
            return GetResult.Found(BlobValue.Copy(pending.IsLive(now) ? Slice(pending.Value, start, end) : []));

        var read = await shard.ReadAsync((slot, key, now, start, end), static (c, s) => c.InSnapshot(c2 =>
        {
            if (c2.LocateBlob(s.slot, s.key.Span, s.now) is not { } blob)
                return (c2.Namespace(s.slot, s.key.Span, s.now) is null ? GetResult.Found(BlobValue.Copy([])) : GetResult.WrongType, false);
            if (blob.Codec != 0 && blob.Codec != Sql.ChunkedCodec)
                return (default(GetResult), true);                    // compressed: decode the whole value below
            var (offset, length) = Resolve(start: s.start, end: s.end, blob.Size);
            var value = BlobValue.Rent(length);
            if (length > 0 && blob.Codec == Sql.ChunkedCodec)
                c2.ReadChunks(blob.Id, offset, value.Writable);       // only the chunks that hold the range
            else if (length > 0)
                c2.ReadBlobRange(blob.Id, offset, value.Writable);
            return (GetResult.Found(value), false);
        }), cancellationToken).ConfigureAwait(false);
        if (!read.Item2)
            return read.Item1;

        using var whole = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return whole.Status switch
        {
            StoreStatus.Found => GetResult.Found(BlobValue.Copy(Slice(whole.Value!.Span, start, end))),
            StoreStatus.WrongType => GetResult.WrongType,
            _ => GetResult.Found(BlobValue.Copy([])),
        };
    }

    /// <summary>SETRANGE: the new length. The caller checks offset + value length against proto_max_bulk_len.</summary>
    public async ValueTask<CountResult> SetRangeAsync(ReadOnlyMemory<byte> key, long offset, ReadOnlyMemory<byte> value,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var (shard, slot) = Route(key.Span);
        return await shard.WriteAsync(new SetRangeOp(new SlotKey(slot, key), offset, value), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>APPEND: the new length (a missing key is created).</summary>
    public async ValueTask<CountResult> AppendAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var (shard, slot) = Route(key.Span);
        return await shard.WriteAsync(new AppendOp(new SlotKey(slot, key), value), cancellationToken).ConfigureAwait(false);
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> value, long start, long end)
    {
        var (offset, length) = Resolve(start, end, value.Length);
        return value.Slice((int)offset, length);
    }

    /// <summary>Redis's getrangeCommand index rules. Check values for "Hello World": (0,3) "Hell", (-3,-1) "rld", (5,3) "".</summary>
    internal static (long Offset, int Length) Resolve(long start, long end, long size)
    {
        if (start < 0 && end < 0 && start > end)
            return (0, 0);
        if (start < 0)
            start = size + start;
        if (end < 0)
            end = size + end;
        start = Math.Max(start, 0);
        end = Math.Max(end, 0);
        end = Math.Min(end, size - 1);
        return start > end || size == 0 ? (0, 0) : (start, checked((int)(end - start + 1)));
    }
}
