namespace Blobasaur.Metrics.Prometheus;

/// <summary>One labelled histogram series: a count per bucket (not cumulative; the writer sums them) and the sum of values.
/// Recording is lock-free: one bucket increment and one compare-and-swap on the sum.</summary>
internal sealed class HistogramSeries(string labels, IReadOnlyList<double> bounds)
{
    private readonly long[] _counts = new long[bounds.Count + 1]; // the last bucket is +Inf
    private long _sumBits;

    public string Labels { get; } = labels;
    public IReadOnlyList<double> Bounds { get; } = bounds;

    public void Record(double value)
    {
        var i = 0;
        while (i < Bounds.Count && value > Bounds[i]) i++;
        Interlocked.Increment(ref _counts[i]);
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref _sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref _sumBits, next, seen) != seen);
    }

    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    /// <summary>Cumulative counts per bound, +Inf last; the +Inf figure is the series' _count.</summary>
    public long[] CumulativeCounts()
    {
        var result = new long[_counts.Length];
        long total = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            total += Interlocked.Read(ref _counts[i]);
            result[i] = total;
        }

        return result;
    }
}
