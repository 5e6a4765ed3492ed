using System.Diagnostics.Metrics;
using System.Text;

namespace Blobasaur.Metrics.Prometheus;

/// <summary>
/// Our Prometheus exporter (no exporter package is available offline): a <see cref="MeterListener"/> on one Meter instance that
/// aggregates histograms as they are recorded and, on <see cref="Scrape"/>, polls the observable instruments and renders text
/// format 0.0.4: HELP and TYPE per family, counters as they are named (ending in _total), histograms as _bucket{le}/_sum/_count.
/// Families are written in name order and series in label order, so the output is stable (golden tests depend on it).
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Lock _scrapeLock = new();
    private readonly List<MetricFamily> _families = [];

    public MetricsCollector(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter)) return;
            var family = Create(instrument);
            if (family is null) return;
            lock (_families) _families.Add(family);
            listener.EnableMeasurementEvents(instrument, family);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => OnMeasurement(state, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => OnMeasurement(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => OnMeasurement(state, value, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments and renders every family.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            MetricFamily[] families;
            lock (_families) families = [.. _families.OrderBy(f => f.Name, StringComparer.Ordinal)];
            foreach (var f in families)
                if (f is ObservedFamily o) o.Samples.Clear();
            _listener.RecordObservableInstruments();

            var sb = new StringBuilder();
            foreach (var family in families) Write(sb, family);
            return sb.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private static MetricFamily? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType) return null;
        var kind = type.GetGenericTypeDefinition();
        if (kind == typeof(ObservableCounter<>)) return new ObservedFamily(instrument, "counter");
        if (kind == typeof(ObservableGauge<>) || kind == typeof(ObservableUpDownCounter<>)) return new ObservedFamily(instrument, "gauge");
        if (instrument is Histogram<double> d) return new HistogramFamily(instrument, d.Advice?.HistogramBucketBoundaries ?? DefaultBuckets);
        if (instrument is Histogram<long> l)
            return new HistogramFamily(instrument, l.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets);
        return null; // push counters are not used by Blobasaur: counts come from observed counters
    }

    private static void OnMeasurement(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (state)
        {
            case HistogramFamily h:
                h.Record(value, tags);
                break;
            case ObservedFamily o:
                o.Samples.Add((PrometheusText.Labels(tags), value)); // only during Scrape, under the scrape lock
                break;
        }
    }

    private static void Write(StringBuilder sb, MetricFamily family)
    {
        sb.Append("# HELP ").Append(family.Name).Append(' ');
        PrometheusText.AppendHelp(sb, family.Help);
        sb.Append('\n').Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
        switch (family)
        {
            case ObservedFamily o:
                // Two measurements with the same labels (a source reporting a series twice) are summed: one line per series.
                foreach (var g in o.Samples.GroupBy(s => s.Labels).OrderBy(g => g.Key, StringComparer.Ordinal))
                    Sample(sb, family.Name, g.Key, null, g.Sum(s => s.Value));
                break;
            case HistogramFamily h:
                foreach (var series in h.Series.OrderBy(s => s.Labels, StringComparer.Ordinal)) WriteHistogram(sb, family.Name, series);
                break;
        }
    }

    private static void WriteHistogram(StringBuilder sb, string name, HistogramSeries series)
    {
        var counts = series.CumulativeCounts();
        for (var i = 0; i < counts.Length; i++)
        {
            var le = i < series.Bounds.Count ? PrometheusText.FormatValue(series.Bounds[i]) : "+Inf";
            Sample(sb, name + "_bucket", series.Labels, le, counts[i]);
        }

        Sample(sb, name + "_sum", series.Labels, null, series.Sum);
        Sample(sb, name + "_count", series.Labels, null, counts[^1]);
    }

    private static void Sample(StringBuilder sb, string name, string labels, string? le, double value)
    {
        sb.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            sb.Append('{').Append(labels);
            if (le is not null) sb.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            sb.Append('}');
        }

        sb.Append(' ').Append(PrometheusText.FormatValue(value)).Append('\n');
    }
}
