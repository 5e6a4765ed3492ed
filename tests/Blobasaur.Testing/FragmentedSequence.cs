using System.Buffers;

namespace Blobasaur.Testing;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> from pieces, to feed parsers data split at arbitrary points.</summary>
public static class FragmentedSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] pieces)
    {
        if (pieces.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(pieces[0], 0);
        var last = first;
        for (var i = 1; i < pieces.Length; i++) last = last.Append(pieces[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="data"/> into pieces at the given offsets.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] data, params int[] offsets)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        foreach (var offset in offsets.Order())
        {
            pieces.Add(data[start..offset]);
            start = offset;
        }

        pieces.Add(data[start..]);
        return Create(pieces.ToArray());
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
