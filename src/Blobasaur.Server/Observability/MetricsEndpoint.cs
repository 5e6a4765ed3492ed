using System.Text;
using Blobasaur.Commands;
using Blobasaur.Commands.Observability;
using Blobasaur.Metrics.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server.Observability;

/// <summary>
/// The HTTP side of observability, on Kestrel in the same process ([metrics] addr): /metrics (Prometheus text 0.0.4 from our
/// <see cref="MetricsCollector"/>), /health/live (200 while the process serves HTTP), /health/ready (200 when
/// <see cref="Readiness"/> says so, 503 with the reason otherwise), /health (the Rust original's name: ready as JSON) and / (links).
/// It starts before the data directory is opened, so an orchestrator sees "live, not ready" during a long open.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MetricsCollector _collector;
    private readonly ServerContext _server;

    private MetricsEndpoint(WebApplication app, MetricsCollector collector, ServerContext server)
    {
        _app = app;
        _collector = collector;
        _server = server;
    }

    /// <summary>The bound address (with port 0 in the config, the port the OS picked).</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<MetricsEndpoint> StartAsync(ServerContext server, string addr, ILoggerFactory loggers, CancellationToken ct)
    {
        var endpoint = ListenAddress.Parse(addr);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<ILoggerFactory>(new QuietLoggerFactory(loggers));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(endpoint);
        });
        var app = builder.Build();
        var collector = new MetricsCollector(server.Observers.Metrics.Meter);
        var self = new MetricsEndpoint(app, collector, server);
        app.Run(self.HandleAsync);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            collector.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        self.Address = new Uri(bound ?? $"http://{endpoint}");
        return self;
    }

    private Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return Reply(http, StatusCodes.Status405MethodNotAllowed, "text/plain; charset=utf-8", "method not allowed\n");
        switch (request.Path.Value)
        {
            case "/metrics":
                return Reply(http, StatusCodes.Status200OK, PrometheusText.ContentType, _collector.Scrape());
            case "/health/live":
                return Reply(http, StatusCodes.Status200OK, "text/plain; charset=utf-8", "ok\n");
            case "/health/ready":
            {
                var (ready, reason) = Readiness.Check(_server);
                return Reply(http, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, "text/plain; charset=utf-8",
                    reason + "\n");
            }
            case "/health":
            {
                var (ready, reason) = Readiness.Check(_server);
                return Reply(http, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, "application/json",
                    $"{{\"status\":\"{(ready ? "ok" : "unavailable")}\",\"reason\":\"{reason}\"}}\n");
            }
            case "/" or "":
                return Reply(http, StatusCodes.Status200OK, "text/html; charset=utf-8", IndexPage);
            default:
                return Reply(http, StatusCodes.Status404NotFound, "text/plain; charset=utf-8", "not found\n");
        }
    }

    private static Task Reply(HttpContext http, int status, string contentType, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(bytes).AsTask();
    }

    private const string IndexPage = """
        <!DOCTYPE html>
        <html><head><title>Blobasaur</title></head><body>
        <h1>Blobasaur</h1>
        <ul>
        <li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
        <li><a href="/health/live">/health/live</a>: liveness</li>
        <li><a href="/health/ready">/health/ready</a>: readiness (storage open, cluster ok)</li>
        <li><a href="/health">/health</a>: readiness as JSON</li>
        </ul>
        </body></html>

        """;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _collector.Dispose();
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>For logs: "http://127.0.0.1:9090".</summary>
    public override string ToString() => Address.ToString().TrimEnd('/');
}
