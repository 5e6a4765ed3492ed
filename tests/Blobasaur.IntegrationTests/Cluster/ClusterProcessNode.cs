using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Blobasaur.IntegrationTests.Crash;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Cluster;

/// <summary>What one node of a multi-process test cluster is configured with (written to its own config.toml).</summary>
/// <param name="Seeds">Gossip addresses ("127.0.0.1:port") of the nodes to join through.</param>
/// <param name="Slots">Inclusive slot ranges this node serves from its configuration.</param>
public sealed record ClusterProcessNodeSettings(
    string Name,
    int ClientPort,
    int GossipPort,
    IReadOnlyList<string> Seeds,
    IReadOnlyList<(int Start, int End)> Slots,
    string Secret,
    int GossipIntervalMs,
    int NodeTimeoutMs);

/// <summary>
/// One cluster node as a child process of the built CLI (the executable <see cref="ServerProcess"/> builds), started with
/// <c>serve --config</c> on a config file of its own, so the test can kill -9 it and start it again on the same data.
/// </summary>
public sealed class ClusterProcessNode : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public ClusterProcessNode(string directory, ClusterProcessNodeSettings settings)
    {
        Directory.CreateDirectory(directory);
        Settings = settings;
        ConfigPath = Path.Combine(directory, "config.toml");
        DataDir = Path.Combine(directory, "data");
        File.WriteAllText(ConfigPath, ConfigText(settings, DataDir));
    }

    public ClusterProcessNodeSettings Settings { get; }

    public string ConfigPath { get; }

    public string DataDir { get; }

    public int Port => Settings.ClientPort;

    public string Endpoint => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the node printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the process (again, after a kill: same config, same data) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"{Settings.Name} is already running");
        _process?.Dispose();
        var exe = await ServerProcess.ExecutableAsync();
        var info = new ProcessStartInfo(exe, ["serve", "--config", ConfigPath])
        {
            WorkingDirectory = Path.GetDirectoryName(ConfigPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("BLOBASAUR_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        Record($"--- start of {Settings.Name} ---");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitForPingAsync(process);
    }

    /// <summary>SIGKILL, as in a crash: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync("127.0.0.1", Port);

    /// <summary>One command on a fresh connection (a killed peer never leaves a connection half-used).</summary>
    public async Task<RespValue> CallAsync(params object[] args)
    {
        await using var conn = await ConnectAsync();
        return await conn.CallAsync(args);
    }

    /// <summary>The fields of CLUSTER INFO (RESP2 bulk string of "field:value\r\n" lines).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ClusterInfoAsync()
    {
        var text = (await CallAsync("CLUSTER", "INFO")).AsString();
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    /// <summary>cluster_state from CLUSTER INFO, or "unreachable" when the node does not answer.</summary>
    public async Task<string> ClusterStateAsync()
    {
        try
        {
            return (await ClusterInfoAsync()).GetValueOrDefault("cluster_state", "missing");
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return "unreachable";
        }
    }

    /// <summary>CLUSTER NODES as lines of space-separated fields.</summary>
    public async Task<IReadOnlyList<string[]>> ClusterNodesAsync()
    {
        var text = (await CallAsync("CLUSTER", "NODES")).AsString();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).ToList();
    }

    public async Task<string> MyIdAsync() => (await CallAsync("CLUSTER", "MYID")).AsString();

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private async Task WaitForPingAsync(Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Settings.Name} exited with code {process.ExitCode}:\n{Output}");
            try
            {
                if ((await CallAsync("PING")).ToString() == "+PONG") return;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Settings.Name} did not answer PING on {Endpoint} within 60 s:\n{Output}");
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 80) _output.TryDequeue(out _);
    }

    private static string ConfigText(ClusterProcessNodeSettings s, string dataDir)
    {
        static string Str(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var inv = CultureInfo.InvariantCulture;
        var toml = new StringBuilder();
        toml.AppendLine(inv, $"data_dir = {Str(dataDir)}");
        toml.AppendLine(inv, $"addr = \"127.0.0.1:{s.ClientPort}\"");
        toml.AppendLine("num_shards = 2");
        toml.AppendLine("[logging]");
        toml.AppendLine("level = \"warning\"");
        toml.AppendLine("[cluster]");
        toml.AppendLine("enabled = true");
        toml.AppendLine(inv, $"node_id = {Str(s.Name)}");
        toml.AppendLine(inv, $"port = {s.GossipPort}");
        toml.AppendLine(inv, $"advertise_addr = \"127.0.0.1:{s.ClientPort}\"");
        toml.AppendLine(inv, $"seeds = [{string.Join(", ", s.Seeds.Select(Str))}]");
        toml.AppendLine(inv, $"gossip_interval_ms = {s.GossipIntervalMs}");
        toml.AppendLine(inv, $"node_timeout_ms = {s.NodeTimeoutMs}");
        toml.AppendLine(inv, $"secret = {Str(s.Secret)}");
        foreach (var (start, end) in s.Slots)
        {
            toml.AppendLine("[[cluster.slot_ranges]]");
            toml.AppendLine(inv, $"start = {start}");
            toml.AppendLine(inv, $"end = {end}");
        }

        return toml.ToString();
    }
}
