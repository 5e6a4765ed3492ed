using System.Diagnostics.Metrics;
using Blobasaur.Metrics.Prometheus;

namespace Blobasaur.Tests.Metrics;

/// <summary>Golden tests of our text format 0.0.4 output: HELP/TYPE lines, escaping, histogram buckets, stable order.</summary>
public sealed class PrometheusExpositionTests
{
    [Fact]
    public void Counters_gauges_and_histograms_render_exactly_as_text_format_0_0_4()
    {
        using var meter = new Meter("Golden-" + Guid.NewGuid());
        meter.CreateObservableCounter("t_requests_total", () => new[]
        {
            new Measurement<long>(3, new KeyValuePair<string, object?>("path", "a\"b\\c\nd")),
            new Measurement<long>(7, new KeyValuePair<string, object?>("path", "/plain")),
        }, null, "Requests with \\ and\nnewline and \"quotes\"");
        meter.CreateObservableGauge("t_open", () => 2L, null, "Open things");
        var latency = meter.CreateHistogram("t_latency_seconds", "s", "Latency", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        using var collector = new MetricsCollector(meter);

        latency.Record(0.05, new KeyValuePair<string, object?>("op", "get"));
        latency.Record(0.1, new KeyValuePair<string, object?>("op", "get"));   // le is inclusive: counts in the 0.1 bucket
        latency.Record(0.5, new KeyValuePair<string, object?>("op", "get"));
        latency.Record(5, new KeyValuePair<string, object?>("op", "get"));
        latency.Record(0.25);

        const string expected = """
            # HELP t_latency_seconds Latency
            # TYPE t_latency_seconds histogram
            t_latency_seconds_bucket{le="0.1"} 0
            t_latency_seconds_bucket{le="1"} 1
            t_latency_seconds_bucket{le="+Inf"} 1
            t_latency_seconds_sum 0.25
            t_latency_seconds_count 1
            t_latency_seconds_bucket{op="get",le="0.1"} 2
            t_latency_seconds_bucket{op="get",le="1"} 3
            t_latency_seconds_bucket{op="get",le="+Inf"} 4
            t_latency_seconds_sum{op="get"} 5.65
            t_latency_seconds_count{op="get"} 4
            # HELP t_open Open things
            # TYPE t_open gauge
            t_open 2
            # HELP t_requests_total Requests with \\ and\nnewline and "quotes"
            # TYPE t_requests_total counter
            t_requests_total{path="/plain"} 7
            t_requests_total{path="a\"b\\c\nd"} 3

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), collector.Scrape());
    }

    [Fact]
    public void Observable_instruments_are_read_again_at_every_scrape()
    {
        using var meter = new Meter("Golden-" + Guid.NewGuid());
        long value = 1;
        meter.CreateObservableCounter("t_things_total", () => value, null, "Things");
        using var collector = new MetricsCollector(meter);

        Assert.Contains("\nt_things_total 1\n", collector.Scrape());
        value = 42;
        Assert.Contains("\nt_things_total 42\n", collector.Scrape());
    }

    [Fact]
    public void A_collector_sees_only_its_own_meter_instance_even_when_another_has_the_same_name()
    {
        using var mine = new Meter("Blobasaur-same-name");
        using var other = new Meter("Blobasaur-same-name");
        mine.CreateObservableGauge("t_mine", () => 1L);
        other.CreateObservableGauge("t_other", () => 1L);
        using var collector = new MetricsCollector(mine);

        var text = collector.Scrape();

        Assert.Contains("t_mine 1", text);
        Assert.DoesNotContain("t_other", text);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.25, "0.25")]
    [InlineData(123456789.0, "123456789")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Values_are_spelled_as_prometheus_parses_them(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.FormatValue(value));

    [Theory]
    [InlineData("blobasaur_ok_total", "blobasaur_ok_total")]
    [InlineData("has.dots-and space", "has_dots_and_space")]
    [InlineData("9lives", "_9lives")]
    public void Names_outside_the_allowed_characters_are_sanitized(string name, string expected) =>
        Assert.Equal(expected, PrometheusText.SanitizeName(name));
}
