using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server.Observability;

/// <summary>
/// The HTTP host runs inside our server, not as an application: it must not take over Ctrl+C/SIGTERM (the CLI owns them) nor
/// print ASP.NET's start banner. This lifetime does nothing; the server starts and stops the host itself.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Our logger factory for the embedded host, passing only warnings and errors from ASP.NET's own categories.</summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("Microsoft.", StringComparison.Ordinal)
        ? new WarningsOnly(inner.CreateLogger(categoryName))
        : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // the inner factory belongs to the server
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
