using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Blobasaur.Metrics.Prometheus;

/// <summary>What the collector keeps per instrument: its exposition name, help, type, and its series.</summary>
internal abstract class MetricFamily(Instrument instrument, string type)
{
    public string Name { get; } = PrometheusText.SanitizeName(instrument.Name);
    public string Help { get; } = instrument.Description ?? "";
    public string Type { get; } = type;
}

/// <summary>An observable counter or gauge: its series are refilled by every scrape.</summary>
internal sealed class ObservedFamily(Instrument instrument, string type) : MetricFamily(instrument, type)
{
    public List<(string Labels, double Value)> Samples { get; } = [];
}

/// <summary>A recorded histogram: series by tag values, created on first use and kept.</summary>
internal sealed class HistogramFamily(Instrument instrument, IReadOnlyList<double> bounds) : MetricFamily(instrument, "histogram")
{
    // Most measurements carry one tag whose value is the same string instance every time (the dispatcher passes each row's cached
    // lower-case name, the writers a cached shard name), so a lookup by reference skips hashing the text. Bounded: callers that
    // pass fresh strings simply miss it and use the by-value map.
    private const int MaxByReference = 4096;
    private readonly ConcurrentDictionary<object, HistogramSeries> _byReference = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TagKey, HistogramSeries> _series = new();

    public IEnumerable<HistogramSeries> Series => _series.Values;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 1 && tags[0].Value is string one && _byReference.TryGetValue(one, out var known))
        {
            known.Record(value);
            return;
        }

        var key = TagKey.Of(tags);
        if (!_series.TryGetValue(key, out var series))
            series = _series.GetOrAdd(key, new HistogramSeries(PrometheusText.Labels(tags), bounds));
        if (tags.Length == 1 && tags[0].Value is string text && _byReference.Count < MaxByReference) _byReference.TryAdd(text, series);
        series.Record(value);
    }
}

/// <summary>The tag values of one measurement (up to three; our instruments use at most two), compared by value.</summary>
internal readonly record struct TagKey(object? A, object? B, object? C)
{
    public static TagKey Of(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
    {
        0 => default,
        1 => new TagKey(tags[0].Value, null, null),
        2 => new TagKey(tags[0].Value, tags[1].Value, null),
        3 => new TagKey(tags[0].Value, tags[1].Value, tags[2].Value),
        _ => throw new ArgumentException("at most three tags per histogram measurement", nameof(tags)),
    };
}
