namespace Blobasaur.Storage;

// Large raw values stored as fixed-size chunk rows (see Sql.ChunkSchema). 64 KiB chunks are four 16 KiB pages: a
// range read opens at most a few short overflow chains, where one 200 MB row would make SQLite walk thousands of
// overflow pages to reach the middle (docs/benchmarks.md, "Range reads").
internal static class ChunkStore
{
    public const int ChunkSize = 64 * 1024;

    /// <summary>Raw values longer than this are chunked; smaller ones stay inline in their row.</summary>
    public const int Threshold = 1024 * 1024;

    public static bool ShouldChunk(long codec, int length) => codec == 0 && length > Threshold;

    public static void Write(Stmt insert, long blobId, ReadOnlySpan<byte> value)
    {
        for (long n = 0, offset = 0; offset < value.Length; n++, offset += ChunkSize)
        {
            var piece = value.Slice((int)offset, (int)Math.Min(ChunkSize, value.Length - offset));
            insert.Bind(1, blobId).Bind(2, n).Bind(3, piece).Execute();
        }
    }

    /// <summary>Copies bytes [offset, offset + into.Length) of a chunked value into <paramref name="into"/>.</summary>
    public static void Read(Stmt read, long blobId, long offset, Span<byte> into)
    {
        if (into.IsEmpty)
            return;
        var first = offset / ChunkSize;
        var last = (offset + into.Length - 1) / ChunkSize;
        read.Bind(1, blobId).Bind(2, first).Bind(3, last);
        var copied = 0;
        try
        {
            while (read.Step())
            {
                var chunkStart = read.Int64(0) * ChunkSize;
                var data = read.Blob(1);
                var from = (int)Math.Max(0, offset - chunkStart);
                var to = (int)Math.Min(data.Length, offset + into.Length - chunkStart);
                if (to <= from)
                    continue;
                data[from..to].CopyTo(into[(int)(chunkStart + from - offset)..]);
                copied += to - from;
            }
        }
        finally
        {
            read.Reset();
        }

        if (copied != into.Length)
            throw new StoredValueException(StoredValueProblem.Corrupt, "none (chunked: missing chunks)");
    }
}
