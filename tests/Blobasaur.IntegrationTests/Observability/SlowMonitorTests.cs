using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>A monitor that never reads must not slow anyone down: its lines are dropped and counted instead.</summary>
public sealed class SlowMonitorTests(MetricsServerFixture server) : IClassFixture<MetricsServerFixture>
{
    [OwnServerFact]
    public async Task A_monitor_that_never_reads_loses_lines_and_other_clients_keep_being_served()
    {
        await using var monitor = await server.ConnectAsync();
        Assert.Equal("+OK", await monitor.SendAsync("MONITOR"));
        await using var busy = await server.ConnectAsync();

        // 20,000 GETs with a 1,000-byte key: ~22 MB of monitor lines, far more than the socket buffers and the 10,000-line
        // queue hold while the monitor reads nothing.
        var key = "k" + new string('x', 999);
        var batch = Enumerable.Range(0, 500).SelectMany(_ => RespConnection.Encode("GET", key)).ToArray();
        for (var round = 0; round < 40; round++)
        {
            await busy.WriteAsync(batch);
            for (var i = 0; i < 500; i++) Assert.Equal("(nil)", (await busy.ReadAsync(TimeSpan.FromSeconds(30))).ToString());
        }

        Assert.True(await Eventually.TrueAsync(async () => await server.SampleAsync("blobasaur_monitor_dropped_total") > 0,
            TimeSpan.FromSeconds(30)));
        Assert.Equal("+PONG", await busy.SendAsync("PING"));
    }
}
