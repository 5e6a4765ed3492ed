using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>An in-process server with [metrics] enabled on a free loopback port, and an HTTP client for it.</summary>
public sealed class MetricsServerFixture : TestServer
{
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    protected override BlobasaurConfig Configure(BlobasaurConfig config) =>
        config with { Metrics = new MetricsSection { Enabled = true, Addr = "127.0.0.1:0" } };

    public Uri MetricsUri(string path) => new(Server.Metrics!.Address, path);

    public Task<string> ScrapeAsync() => Http.GetStringAsync(MetricsUri("/metrics"));

    /// <summary>The value of one sample line (name with labels exactly as rendered), or null when absent.</summary>
    public async Task<double?> SampleAsync(string series)
    {
        foreach (var line in (await ScrapeAsync()).Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
    }
}
