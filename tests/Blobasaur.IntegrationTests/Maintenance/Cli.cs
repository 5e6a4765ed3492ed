using System.Diagnostics;
using System.Text;
using Blobasaur.IntegrationTests.Crash;

namespace Blobasaur.IntegrationTests.Maintenance;

/// <summary>Runs the built blobasaur CLI as a child process (bounded), for the maintenance subcommands.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    public static async Task<Process> StartAsync(params string[] args)
    {
        var exe = await ServerProcess.ExecutableAsync();
        var info = new ProcessStartInfo(exe, args)
        {
            WorkingDirectory = Path.GetTempPath(), // no config.toml is picked up
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("BLOBASAUR_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        return Process.Start(info)!;
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var process = await StartAsync(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"blobasaur {string.Join(' ', args)} did not finish within 3 minutes:\n{await stdout}\n{await stderr}");
        }
        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return new Result(process.ExitCode, output);
    }
}
