using System.Collections.Concurrent;
using Blobasaur.Config;
using Blobasaur.Server;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>What failed logins leave in the log (the user and the address, never the password), and startup refusals.</summary>
public sealed class SecurityLoggingTests
{
    private const string Secret = "Tr0ub4dor-never-logged";

    [OwnServerFact]
    public async Task Failed_authentication_is_logged_at_warning_without_the_password()
    {
        var log = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var dir = Path.Combine(Path.GetTempPath(), "blobasaur-test-" + Guid.NewGuid().ToString("N"));
        var config = new BlobasaurConfig
        {
            Addr = "127.0.0.1:0", DataDir = dir,
            Server = new ServerSection { RequirePass = "the-right-one" },
        };
        await using (var server = new BlobasaurServer(config, loggers))
        {
            await server.StartAsync();
            await using var client = await RespConnection.ConnectAsync("127.0.0.1", server.EndPoint.Port);

            Assert.StartsWith("-WRONGPASS", await client.SendAsync("AUTH", Secret));
            Assert.StartsWith("-WRONGPASS", await client.SendAsync("AUTH", "someone", Secret));
            Assert.StartsWith("-WRONGPASS", await client.SendAsync("HELLO", "3", "AUTH", "default", Secret));
            Assert.Equal("+OK", await client.SendAsync("AUTH", "the-right-one"));
        }

        Directory.Delete(dir, recursive: true);
        var warnings = log.Messages.Where(m => m.Level == LogLevel.Warning && m.Text.StartsWith("Authentication failed", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Text.Contains("'someone'", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Messages, m => m.Text.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Messages, m => m.Text.Contains("the-right-one", StringComparison.Ordinal));
    }

    [OwnServerFact]
    public async Task An_unknown_acl_rule_or_unusable_tls_files_stop_startup_with_a_config_error()
    {
        var dir = Path.Combine(Path.GetTempPath(), "blobasaur-test-" + Guid.NewGuid().ToString("N"));
        var badRule = new BlobasaurConfig
        {
            Addr = "127.0.0.1:0", DataDir = dir,
            Users = [new UserConfig { Name = "app", NoPass = true, Commands = ["+@nosuchcategory"] }],
        };
        var badTls = new BlobasaurConfig
        {
            Addr = "127.0.0.1:0", DataDir = dir,
            Tls = new TlsSection { Enabled = true, Addr = "127.0.0.1:0", CertFile = "/nonexistent/server.crt", KeyFile = "/nonexistent/server.key" },
        };

        await using var first = new BlobasaurServer(badRule, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var rule = await Assert.ThrowsAsync<ConfigException>(() => first.StartAsync());
        await using var second = new BlobasaurServer(badTls, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var tls = await Assert.ThrowsAsync<ConfigException>(() => second.StartAsync());

        Assert.Contains("'+@nosuchcategory'", rule.Message);
        Assert.Contains("/nonexistent/server.crt", tls.Message);
        Assert.False(Directory.Exists(dir), "the data directory was opened before the configuration was checked");
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue((logLevel, formatter(state, exception) + " " + exception));
        }
    }
}
