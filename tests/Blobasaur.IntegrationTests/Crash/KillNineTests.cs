using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Blobasaur.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Blobasaur.IntegrationTests.Crash;

/// <summary>
/// Sync mode (the default) promises that an acknowledged write survives kill -9 of the server (docs/storage.md, durability).
/// The server runs as a separate process; 8 connections write values derived from their keys; the process is killed
/// mid-stream; after a restart every acknowledged key must hold exactly its value, no write that was in flight may have
/// left a torn value, and every shard file must pass PRAGMA integrity_check.
/// </summary>
public sealed class KillNineTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Acknowledged_small_writes_survive_kill_9(int round) => RunAsync(round, 100, 4000);

    // Large values keep the writer inside long transactions (and the WAL growing) at the moment of the kill.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Acknowledged_large_writes_survive_kill_9(int round) => RunAsync(round, 64 * 1024, 1024 * 1024);

    // Values above ChunkStore's 1 MiB threshold are stored as 64 KiB chunk rows: a kill mid-transaction must never leave a
    // value with some of its chunks (a torn value), and every acknowledged one must be whole.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Acknowledged_chunked_multi_megabyte_writes_survive_kill_9(int round) => RunAsync(round, 1536 * 1024, 6 * 1024 * 1024);

    private async Task RunAsync(int round, int minSize, int maxSize)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("blobasaur-crash-");
        var dataDir = Path.Combine(work.FullName, "data");
        try
        {
            var acked = new ConcurrentDictionary<string, bool>();
            var sent = new ConcurrentDictionary<string, bool>();
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                using var killed = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers)
                    .Select(w => WriteUntilKilledAsync(server, $"crash:{round}:{w}", minSize, maxSize, sent, acked, killed.Token))
                    .ToArray();
                await Task.Delay(WriteFor);
                // Large values on a busy machine: keep writing until each writer could have had one acknowledged (bounded).
                await Eventually.TrueAsync(() => Task.FromResult(acked.Count >= Writers), TimeSpan.FromSeconds(30));
                await killed.CancelAsync();
                await server.KillAsync();
                await Task.WhenAll(writers);
            }

            Assert.True(acked.Count >= Writers, $"only {acked.Count} writes were acknowledged before the kill");

            var killedAt = clock.Elapsed;
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                var restartedAt = clock.Elapsed;
                await using var conn = await server.ConnectAsync();
                var present = await VerifyAsync(conn, sent.Keys.ToList(), acked, minSize, maxSize);
                Assert.True(present >= acked.Count);
                Assert.Equal($":{present}", await conn.SendAsync("DBSIZE"));
                var verifiedAt = clock.Elapsed;
                await server.StopAsync();
                output.WriteLine($"round {round}: {acked.Count} acknowledged, {sent.Count} sent, {present} present; killed at {killedAt}, " +
                    $"restarted at {restartedAt}, verified at {verifiedAt}, stopped at {clock.Elapsed}");
            }

            AssertShardsIntact(dataDir);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One connection writing key, value pairs in sync mode until the server dies; records what was sent and acknowledged.</summary>
    private static async Task WriteUntilKilledAsync(ServerProcess server, string prefix, int minSize, int maxSize,
        ConcurrentDictionary<string, bool> sent, ConcurrentDictionary<string, bool> acked, CancellationToken killed)
    {
        await using var conn = await server.ConnectAsync();
        try
        {
            for (var i = 0; ; i++)
            {
                var key = $"{prefix}:{i}";
                sent[key] = true;
                var reply = await conn.SendAsync("SET", key, ValueOf(key, minSize, maxSize));
                Assert.Equal("+OK", reply);
                acked[key] = true;
            }
        }
        catch (Exception e) when (killed.IsCancellationRequested && e is IOException or EndOfStreamException or OperationCanceledException
            or System.Net.Sockets.SocketException)
        {
            // The server died under us: whatever was not acknowledged may or may not have been written.
        }
    }

    /// <summary>Every acknowledged key holds its value; every other sent key holds its value or nothing. Returns how many exist.</summary>
    private static async Task<int> VerifyAsync(RespConnection conn, List<string> sent, ConcurrentDictionary<string, bool> acked,
        int minSize, int maxSize)
    {
        var present = 0;
        foreach (var chunk in sent.Chunk(64))
        {
            await conn.WriteAsync(chunk.SelectMany(k => RespConnection.Encode("GET", k)).ToArray());
            foreach (var key in chunk)
            {
                var value = await conn.ReadAsync();
                if (value.IsNull)
                {
                    Assert.False(acked.ContainsKey(key), $"acknowledged key {key} is missing after kill -9");
                    continue;
                }

                var expected = ValueOf(key, minSize, maxSize);
                Assert.True(expected.AsSpan().SequenceEqual(value.Bytes), $"{key} holds a value that is not the one written");
                present++;
            }
        }

        return present;
    }

    internal static void AssertShardsIntact(string dataDir)
    {
        var shards = Directory.GetFiles(dataDir, "shard_*.db");
        Assert.NotEmpty(shards);
        foreach (var shard in shards)
        {
            using var db = new SqliteConnection($"Data Source={shard};Mode=ReadOnly;Pooling=False");
            db.Open();
            using var check = db.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar() as string);
        }
    }

    /// <summary>The value of a key: its length (in [min, max]) and bytes come from SHA-256 of the key, so a read proves which
    /// write it came from, and a torn or shifted value cannot match.</summary>
    internal static byte[] ValueOf(string key, int minSize, int maxSize)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var length = minSize + (int)(BitConverter.ToUInt32(seed) % (uint)(maxSize - minSize + 1));
        var value = new byte[length];
        for (var i = 0; i < length; i++) value[i] = (byte)(seed[i % seed.Length] ^ (i >> 5));
        return value;
    }
}
