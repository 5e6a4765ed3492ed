using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Crash;

/// <summary>
/// The built CLI (<c>src/Blobasaur.Cli/bin/&lt;Configuration&gt;/net10.0/blobasaur</c>) run as a separate process, so a test can
/// kill -9 it. The configuration is the test assembly's own (its bin folder name). A missing or stale executable is built once.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Executable = new(BuildExecutableAsync);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The built CLI's path (built once if missing or stale); other multi-process tests start it with their own arguments.</summary>
    internal static Task<string> ExecutableAsync() => Executable.Value;

    public int Pid => _process.Id;

    /// <summary>Starts the server on <paramref name="dataDir"/> and a free port, and waits until it answers PING.
    /// <paramref name="environment"/> adds BLOBASAUR_* settings (e.g. BLOBASAUR_ASYNC_WRITE=true).</summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = await LaunchAsync(dataDir, environment);
        await server.WaitForPingAsync();
        return server;
    }

    /// <summary>Starts the server and waits for it to exit by itself (a startup failure); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string dataDir, TimeSpan timeout)
    {
        await using var server = await LaunchAsync(dataDir, null);
        using var cts = new CancellationTokenSource(timeout);
        await server._process.WaitForExitAsync(cts.Token);
        return (server._process.ExitCode, server.Output);
    }

    private static async Task<ServerProcess> LaunchAsync(string dataDir, IReadOnlyDictionary<string, string>? environment)
    {
        var exe = await Executable.Value;
        var port = FreePort();
        var info = new ProcessStartInfo(exe, ["--port", $"{port}", "--data-dir", dataDir])
        {
            // Its own working directory, so no config.toml is picked up; and none of our BLOBASAUR_* variables.
            WorkingDirectory = Directory.GetParent(dataDir)!.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("BLOBASAUR_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync("127.0.0.1", Port);

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the clean shutdown path; the server must exit with code 0.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", $"{Pid}"])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_process.ExitCode == 0, $"exit code {_process.ExitCode}\n{Output}");
    }

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 50) _output.TryDequeue(out _);
    }

    private async Task WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the server exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                await using var conn = await ConnectAsync();
                if (await conn.SendAsync("PING") == "+PONG") return;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the server did not answer PING within 20 s:\n{Output}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> BuildExecutableAsync()
    {
        // AppContext.BaseDirectory is tests/Blobasaur.IntegrationTests/bin/<Configuration>/net10.0/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Blobasaur.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"no Blobasaur.sln above {AppContext.BaseDirectory}");

        var project = Path.Combine(root.FullName, "src", "Blobasaur.Cli");
        var exe = Path.Combine(project, "bin", configuration, "net10.0", "blobasaur");
        if (File.Exists(exe) && !IsStale(exe, Path.Combine(root.FullName, "src"))) return exe;

        var build = new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "-nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(build)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 || !File.Exists(exe))
        {
            throw new InvalidOperationException(
                $"could not build {exe} (`dotnet build src/Blobasaur.Cli -c {configuration}` exited {process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return exe;
    }

    /// <summary>True when a source file changed after the newest of the executable's Blobasaur assemblies was written (an
    /// incremental build may leave blobasaur.dll alone when only a dependency changed, but that dependency's copy is new).</summary>
    private static bool IsStale(string exe, string src)
    {
        var built = Directory.EnumerateFiles(Path.GetDirectoryName(exe)!, "*.dll")
            .Where(f => Path.GetFileName(f).StartsWith("blobasaur", StringComparison.OrdinalIgnoreCase))
            .Max(File.GetLastWriteTimeUtc);
        return Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(f => File.GetLastWriteTimeUtc(f) > built);
    }
}
