using System.Diagnostics;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Observability;

/// <summary>A fact that needs an executable on PATH; skipped without it (.ci/run installs promtool, so CI always runs it).</summary>
public sealed class NeedsToolFactAttribute : FactAttribute
{
    public NeedsToolFactAttribute(string tool)
    {
        if (TestServer.ExternalTarget is not null) Skip = "needs the in-process server";
        else if (FindOnPath(tool) is null) Skip = $"{tool} not installed (apt-get install prometheus)";
    }

    public static string? FindOnPath(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, tool))
        .FirstOrDefault(File.Exists);
}

/// <summary>promtool (Debian's prometheus package) lints our /metrics output after commands of every kind ran.</summary>
public sealed class PromtoolTests(MetricsServerFixture server) : IClassFixture<MetricsServerFixture>
{
    [NeedsToolFact("promtool")]
    public async Task Promtool_check_metrics_finds_no_problem_in_our_output()
    {
        await using (var conn = await server.ConnectAsync())
        {
            var key = TestKey.Me();
            Assert.Equal("+OK", await conn.SendAsync("SET", key, "v"));
            Assert.Equal("v", await conn.SendAsync("GET", key));
            Assert.StartsWith("-WRONGTYPE", await conn.SendAsync("HGET", key, "f"));
            Assert.StartsWith("-ERR", await conn.SendAsync("NO-SUCH-COMMAND"));
        }

        var text = await server.ScrapeAsync();
        var start = new ProcessStartInfo(NeedsToolFactAttribute.FindOnPath("promtool")!, "check metrics")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await promtool.WaitForExitAsync(timeout.Token);

        Assert.True(promtool.ExitCode == 0, $"promtool exited {promtool.ExitCode}: {output}");
        Assert.Contains("blobasaur_command_duration_seconds_bucket{command=\"hget\"", text);
    }
}
