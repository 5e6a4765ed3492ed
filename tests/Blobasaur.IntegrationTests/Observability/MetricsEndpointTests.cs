using System.Net;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>/metrics, /health/* and / over real HTTP, with commands sent over real RESP sockets.</summary>
public sealed class MetricsEndpointTests(MetricsServerFixture server) : IClassFixture<MetricsServerFixture>
{
    [OwnServerFact]
    public async Task Command_counters_move_as_commands_run()
    {
        var before = await server.SampleAsync("blobasaur_commands_total{command=\"set\"}") ?? 0;
        await using var conn = await server.ConnectAsync();
        for (var i = 0; i < 5; i++) Assert.Equal("+OK", await conn.SendAsync("SET", TestKey.Me() + i, "v"));

        Assert.Equal(before + 5, await server.SampleAsync("blobasaur_commands_total{command=\"set\"}"));
        Assert.True(await server.SampleAsync("blobasaur_command_duration_seconds_count{command=\"set\"}") >= 5);
        Assert.True(await server.SampleAsync("blobasaur_command_duration_seconds_bucket{command=\"set\",le=\"+Inf\"}") >= 5);
    }

    [OwnServerFact]
    public async Task Errors_are_counted_by_kind()
    {
        await using var conn = await server.ConnectAsync();
        var key = TestKey.Me();
        var before = await server.SampleAsync("blobasaur_errors_total{kind=\"WRONGTYPE\"}") ?? 0;

        Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
        Assert.StartsWith("-WRONGTYPE", await conn.SendAsync("HGET", key, "f"));

        Assert.Equal(before + 1, await server.SampleAsync("blobasaur_errors_total{kind=\"WRONGTYPE\"}"));
    }

    [OwnServerFact]
    public async Task Connections_are_counted_while_open_and_in_total()
    {
        var total = await server.SampleAsync("blobasaur_connections_total") ?? 0;
        await using var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();
        Assert.Equal("+PONG", await a.SendAsync("PING"));
        Assert.Equal("+PONG", await b.SendAsync("PING"));

        Assert.True(await server.SampleAsync("blobasaur_connections_active") >= 2);
        Assert.True(await server.SampleAsync("blobasaur_connections_total") >= total + 2);
    }

    [OwnServerFact]
    public async Task Writes_show_up_as_storage_operations_and_batches()
    {
        await using var conn = await server.ConnectAsync();
        Assert.Equal("+OK", await conn.SendAsync("SET", TestKey.Me(), "v"));

        var text = await server.ScrapeAsync();

        Assert.Matches("(?m)^blobasaur_storage_operations_total\\{shard=\"\\d+\"\\} [1-9]", text);
        Assert.Matches("(?m)^blobasaur_batch_size_count\\{shard=\"\\d+\"\\} [1-9]", text);
        Assert.Matches("(?m)^blobasaur_shard_file_bytes\\{shard=\"0\",file=\"db\"\\} [1-9]", text);
        Assert.Contains("# TYPE blobasaur_batch_duration_seconds histogram", text);
        Assert.Contains("\nblobasaur_ready 1\n", text);
    }

    [OwnServerFact]
    public async Task Metrics_are_served_as_prometheus_text_0_0_4()
    {
        using var response = await server.Http.GetAsync(server.MetricsUri("/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [OwnServerFact]
    public async Task Health_live_and_ready_answer_200_on_a_running_server()
    {
        using var live = await server.Http.GetAsync(server.MetricsUri("/health/live"));
        using var ready = await server.Http.GetAsync(server.MetricsUri("/health/ready"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok\n", await ready.Content.ReadAsStringAsync());
    }

    [OwnServerFact]
    public async Task Index_links_the_endpoints_and_unknown_paths_are_404()
    {
        var index = await server.Http.GetStringAsync(server.MetricsUri("/"));
        using var missing = await server.Http.GetAsync(server.MetricsUri("/nope"));

        Assert.Contains("href=\"/metrics\"", index);
        Assert.Contains("href=\"/health/ready\"", index);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
