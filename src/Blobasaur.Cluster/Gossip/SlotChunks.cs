using System.Globalization;

namespace Blobasaur.Cluster.Gossip;

/// <summary>
/// A node's slot claim travels as 16 gossip values of 1024 slots each ("slots.0" .. "slots.15") plus one "claim" value
/// written after them. Each chunk is the shorter of a range list ("0-1023") and a base64 bitmap ("b" + 172 chars), so no value
/// exceeds ~190 bytes whatever the slot pattern, and a node owning all 16384 slots gossips 16 tiny values.
/// Every chunk and the claim carry the same sequence number: a receiver uses a claim only when all 16 chunks carry the
/// claim's number, so it never combines a new configEpoch with old slots (or the reverse) from a half-received update.
/// </summary>
internal static class SlotChunks
{
    public const int Count = 16;
    public const int Size = SlotRanges.SlotCount / Count;
    public const string ClaimKey = "claim";

    private static readonly string[] _keys = Enumerable.Range(0, Count).Select(i => $"slots.{i}").ToArray();

    public static string Key(int chunk) => _keys[chunk];

    public static bool IsSlotKey(string key) => key == ClaimKey || key.StartsWith("slots.", StringComparison.Ordinal);

    /// <summary>The 16 chunk values then the claim value, in the order they must be written.</summary>
    public static IEnumerable<(string Key, string Value)> Encode(long seq, long configEpoch, Func<int, bool> owns)
    {
        var prefix = seq.ToString(CultureInfo.InvariantCulture) + "|";
        for (var chunk = 0; chunk < Count; chunk++)
        {
            var first = chunk * Size;
            var ranges = SlotRanges.Format(SlotRanges.Spans(owns, first, first + Size - 1), ',');
            var value = ranges;
            if (ranges.Length > 172)
            {
                var bits = new byte[Size / 8];
                for (var i = 0; i < Size; i++)
                    if (owns(first + i)) bits[i >> 3] |= (byte)(1 << (i & 7));
                value = "b" + Convert.ToBase64String(bits);
            }

            yield return (_keys[chunk], prefix + value);
        }

        yield return (ClaimKey, prefix + configEpoch.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The configEpoch and slots of a complete, consistent claim; false while chunks of another claim are missing.</summary>
    public static bool TryDecode(Func<string, string?> lookup, out long configEpoch, bool[] slots)
    {
        configEpoch = 0;
        if (!TrySplit(lookup(ClaimKey), out var seq, out var epochText)
            || !long.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out configEpoch))
            return false;
        Array.Clear(slots);
        var spans = new List<SlotSpan>();
        for (var chunk = 0; chunk < Count; chunk++)
        {
            if (!TrySplit(lookup(_keys[chunk]), out var chunkSeq, out var body) || chunkSeq != seq) return false;
            var first = chunk * Size;
            if (body.StartsWith('b'))
            {
                byte[] bits;
                try { bits = Convert.FromBase64String(body[1..]); }
                catch (FormatException) { return false; }
                if (bits.Length != Size / 8) return false;
                for (var i = 0; i < Size; i++)
                    slots[first + i] = (bits[i >> 3] & (1 << (i & 7))) != 0;
                continue;
            }

            spans.Clear();
            if (!SlotRanges.TryParse(body, ',', spans)) return false;
            foreach (var span in spans)
            {
                if (span.Start < first || span.End >= first + Size) return false;
                for (var slot = span.Start; slot <= span.End; slot++) slots[slot] = true;
            }
        }

        return true;
    }

    private static bool TrySplit(string? value, out string seq, out string body)
    {
        seq = body = "";
        var bar = value?.IndexOf('|') ?? -1;
        if (bar <= 0) return false;
        seq = value![..bar];
        body = value[(bar + 1)..];
        return true;
    }
}
