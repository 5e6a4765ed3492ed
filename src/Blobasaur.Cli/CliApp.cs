using System.CommandLine;
using System.Runtime.InteropServices;
using Blobasaur.Commands;
using Blobasaur.Config;
using Blobasaur.Server;
using Blobasaur.Storage;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Cli;

/// <summary>
/// The command line: <c>blobasaur [serve] [--config PATH] [--port N] [--data-dir DIR]</c>, <c>--help</c>, <c>--version</c>.
/// Exit codes: 0 clean shutdown, 1 configuration or startup error (the message names the key and the fix).
/// </summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string?>("--config", "-c") { Description = "Path of the TOML configuration file (default: config.toml)" };
        var port = new Option<int?>("--port", "-p") { Description = "Client port; overrides the port of addr" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory; overrides data_dir" };

        var serve = new Command("serve", "Run the server (the default command)") { config, port, dataDir };
        var root = new RootCommand("Blobasaur: a Redis-protocol blob store on SQLite shards") { serve, config, port, dataDir };
        foreach (var command in MaintenanceCli.Commands()) root.Subcommands.Add(command);

        Func<ParseResult, CancellationToken, Task<int>> action = (result, _) =>
            ServeAsync(result.GetValue(config), result.GetValue(port), result.GetValue(dataDir));
        serve.SetAction(action);
        root.SetAction(action);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(string? configPath, int? port, string? dataDir)
    {
        BlobasaurConfig config;
        try
        {
            config = ConfigLoader.Resolve(configPath, ConfigLoader.ProcessEnvironment(), new ConfigOverrides(port, dataDir));
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync($"blobasaur: configuration error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var initial = LogLevels.TryParse(config.Logging.Level, out var parsed) ? parsed : LogLevel.Information;
        BlobasaurServer? running = null;
        using var loggers = Logging.Create(() => running?.Context.Settings.MinimumLogLevel ?? initial);
        var log = loggers.CreateLogger("Blobasaur");
        await using var server = new BlobasaurServer(config, loggers, configFile: config.Source);
        running = server;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or FormatException or IOException or StorageLayoutException
            or ConfigException)
        {
            log.LogCritical("Startup failed: {Message}", ex.Message);
            return 1;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        await stop.Task.ConfigureAwait(false);
        await server.StopAsync().ConfigureAwait(false);
        log.LogInformation("Stopped cleanly");
        return 0;

        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }
}
