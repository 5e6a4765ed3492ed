using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Blobasaur.Fuzz;

// The fuzz/stress harness (docs/limits.md, "Fuzzing"): starts the built CLI, writes a data set, storms the server with hostile
// clients for a bounded time, then checks that it is alive, answers PING, its memory is back near idle and the data set is
// intact. Exit code 0 when all holds, 1 with the reason otherwise.
//   dotnet run --project tests/Blobasaur.Fuzz -c Release -- [--seconds 60] [--connections 16] [--seed N] [--exe PATH]
// BLOBASAUR_FUZZ_SECONDS sets the duration too (the argument wins).
var seconds = Option("--seconds", Environment.GetEnvironmentVariable("BLOBASAUR_FUZZ_SECONDS") is { Length: > 0 } s ? int.Parse(s) : 60);
var connections = Option("--connections", 16);
var seed = Option("--seed", Environment.TickCount);
var exe = OptionText("--exe") ?? DefaultExecutable();
const long NearIdleBytes = 64L << 20;

Console.WriteLine($"fuzz: {seconds} s, {connections} concurrent hostile clients, seed {seed}, server {exe}");
if (!File.Exists(exe))
{
    Console.Error.WriteLine($"fuzz: {exe} not found: build it first (dotnet build src/Blobasaur.Cli -c Release) or pass --exe");
    return 2;
}

await using var server = await ServerUnderTest.StartAsync(exe);
try
{
    // 1. The data set: 300 keys, values of 0 B to 64 KiB and a few chunked ones of 1.5-3 MiB, binary, checksummed.
    var random = new Random(seed);
    var dataSet = new Dictionary<string, byte[]>();
    await using (var conn = await Resp.ConnectAsync(server.Port))
    {
        for (var i = 0; i < 300; i++)
        {
            var value = new byte[i % 50 == 0 ? random.Next(1536 * 1024, 3 << 20) : random.Next(0, 64 * 1024)];
            random.NextBytes(value);
            var key = $"dataset:{i}";
            Expect("+OK", await conn.CallRawAsync(Resp.Encode([Encoding.ASCII.GetBytes(key), value]).Prepend0("SET")), $"SET {key}");
            dataSet[key] = SHA256.HashData(value);
        }
    }

    await Task.Delay(2000);
    var idle = server.Rss();
    Console.WriteLine($"fuzz: data set written ({dataSet.Count} keys); idle RSS {Mb(idle)}");

    // 2. The storm.
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var counts = new Dictionary<string, int>();
    var failures = new List<string>();
    long sent = 0, peak = idle;
    var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
    {
        var attacks = new Attacks(server.Port, new Random(seed + w + 1));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await attacks.RunOneAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (FuzzFailure e)
            {
                lock (failures) failures.Add($"{attacks.Name}: {e.Message}");
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
            {
                // The server closing on us (protocol errors, limits) is what hostile clients get.
            }

            lock (counts) counts[attacks.Name] = counts.GetValueOrDefault(attacks.Name) + 1;
        }

        Interlocked.Add(ref sent, attacks.Sent);
    })).ToList();

    // Meanwhile a well-behaved client must keep getting answers.
    var pings = 0;
    var slowest = TimeSpan.Zero;
    await using (var monitor = await Resp.ConnectAsync(server.Port))
    {
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            Expect("+PONG", await monitor.CallRawAsync(Resp.Encode("PING")), "PING during the storm");
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            pings++;
            peak = Math.Max(peak, server.Rss());
            if (server.HasExited) throw new FuzzFailure("the server exited during the storm:\n" + server.Log);
            await Task.Delay(250);
        }
    }

    await Task.WhenAll(workers);
    Console.WriteLine($"fuzz: storm over: {counts.Values.Sum()} hostile connections ({string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}), " +
        $"{Mb(sent)} sent; {pings} PINGs answered meanwhile, slowest {slowest.TotalMilliseconds:F0} ms; peak RSS {Mb(peak)}");
    if (failures.Count > 0) throw new FuzzFailure($"{failures.Count} wrong replies, first: {failures[0]}");

    // 3. Afterwards: alive, memory back near idle, data set intact.
    await using var check = await Resp.ConnectAsync(server.Port);
    Expect("+PONG", await check.CallRawAsync(Resp.Encode("PING")), "PING after the storm");
    var settle = Stopwatch.StartNew();
    var rss = server.Rss();
    while (rss > idle + NearIdleBytes && settle.Elapsed < TimeSpan.FromSeconds(30))
    {
        await Task.Delay(1000);
        Expect("+PONG", await check.CallRawAsync(Resp.Encode("PING")), "PING while settling");
        rss = server.Rss();
    }

    Console.WriteLine($"fuzz: RSS {Mb(rss)} after {settle.Elapsed.TotalSeconds:F0} s (idle {Mb(idle)}, allowed idle + {Mb(NearIdleBytes)})");
    if (rss > idle + NearIdleBytes) throw new FuzzFailure($"RSS stayed at {Mb(rss)}, more than idle {Mb(idle)} + {Mb(NearIdleBytes)}");

    foreach (var (key, sum) in dataSet)
    {
        var value = await check.CallRawAsync(Resp.Encode("GET", key));
        if (value is null || !SHA256.HashData(value).AsSpan().SequenceEqual(sum)) throw new FuzzFailure($"{key} is missing or changed after the storm");
    }

    Console.WriteLine($"fuzz: PASSED: server alive, memory near idle, all {dataSet.Count} data set keys intact");
    return 0;
}
catch (FuzzFailure e)
{
    Console.Error.WriteLine($"fuzz: FAILED (seed {seed}): {e.Message}\n--- server log (last lines) ---\n{Tail(server.Log)}");
    return 1;
}

static void Expect(string expected, byte[]? reply, string what)
{
    var text = reply is null ? "(nil)" : Encoding.UTF8.GetString(reply);
    if (text != expected) throw new FuzzFailure($"{what}: expected {expected}, got {text[..Math.Min(text.Length, 200)]}");
}

static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F1} MiB";

static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(40));

int Option(string name, int fallback) => OptionText(name) is { } v ? int.Parse(v) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string DefaultExecutable()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Blobasaur.sln"))) dir = dir.Parent;
    return Path.Combine(dir?.FullName ?? ".", "src", "Blobasaur.Cli", "bin", "Release", "net10.0", "blobasaur");
}

internal static class FrameExtensions
{
    /// <summary>Puts a command name in front of an encoded frame's arguments: "*2 key value" becomes "*3 SET key value".</summary>
    public static byte[] Prepend0(this byte[] frame, string command)
    {
        var text = Encoding.Latin1.GetString(frame);
        var headerEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var count = int.Parse(text.AsSpan(1, headerEnd - 1)) + 1;
        var name = Encoding.ASCII.GetBytes(command);
        return [.. Encoding.ASCII.GetBytes($"*{count}\r\n${name.Length}\r\n"), .. name, .. "\r\n"u8.ToArray(), .. frame.AsSpan(headerEnd + 2).ToArray()];
    }
}
