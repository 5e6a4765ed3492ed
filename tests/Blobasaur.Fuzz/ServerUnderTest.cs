using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Blobasaur.Fuzz;

/// <summary>The built CLI as a child process on a free loopback port and a temporary data directory; killed on dispose.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private ServerUnderTest(Process process, int port, string work)
    {
        _process = process;
        Port = port;
        Work = work;
    }

    public int Port { get; }
    public string Work { get; }
    public bool HasExited => _process.HasExited;

    public static async Task<ServerUnderTest> StartAsync(string exe)
    {
        var work = Directory.CreateTempSubdirectory("blobasaur-fuzz-").FullName;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo(exe, ["--port", $"{port}", "--data-dir", Path.Combine(work, "data")])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("BLOBASAUR_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        var process = new Process { StartInfo = info };
        var server = new ServerUnderTest(process, port, work);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the server exited with code {process.ExitCode}:\n{server.Log}");
            try
            {
                await using var conn = await Resp.ConnectAsync(port);
                if (await conn.CallAsync("PING") == "+PONG") return server;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not answer PING within 30 s:\n" + server.Log);
    }

    /// <summary>Resident set size in bytes (VmRSS of /proc/PID/status).</summary>
    public long Rss()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    public string Log
    {
        get
        {
            lock (_log) return string.Join('\n', _log);
        }
    }

    public int WarningCount(string text)
    {
        lock (_log) return _log.Count(l => l.Contains(text, StringComparison.Ordinal));
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 2000) _log.RemoveRange(0, 1000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
