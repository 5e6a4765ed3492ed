using System.Globalization;
using System.Text;

namespace Blobasaur.Cluster;

/// <summary>Slot sets as the compact text Redis prints ("0-5460 12182"; we join with ',' inside gossip values).</summary>
internal static class SlotRanges
{
    public const int SlotCount = Hashing.HashSlot.Count;

    /// <summary>Maximal ascending ranges of the slots where <paramref name="member"/> is true.</summary>
    public static List<SlotSpan> Spans(Func<int, bool> member, int from = 0, int to = SlotCount - 1)
    {
        var spans = new List<SlotSpan>();
        var start = -1;
        for (var slot = from; slot <= to + 1; slot++)
        {
            var inSet = slot <= to && member(slot);
            if (inSet && start < 0) start = slot;
            else if (!inSet && start >= 0)
            {
                spans.Add(new SlotSpan(start, slot - 1));
                start = -1;
            }
        }

        return spans;
    }

    public static string Format(IEnumerable<SlotSpan> spans, char separator)
    {
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            if (text.Length > 0) text.Append(separator);
            text.Append(span.Start.ToString(CultureInfo.InvariantCulture));
            if (span.End != span.Start) text.Append('-').Append(span.End.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Parses "0-5,9" (or space-separated); false on anything malformed or out of 0..16383.</summary>
    public static bool TryParse(string text, char separator, List<SlotSpan> into)
    {
        foreach (var part in text.Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-');
            var startText = dash < 0 ? part : part[..dash];
            var endText = dash < 0 ? part : part[(dash + 1)..];
            if (!int.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !int.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                || start > end || end >= SlotCount)
                return false;
            into.Add(new SlotSpan(start, end));
        }

        return true;
    }
}
