using System.Collections.Concurrent;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Data;

/// <summary>
/// async_write with a 4 KiB inflight budget: writers of 1 KiB values must wait for commits instead of dropping data or
/// growing without bound. Ours only.
/// </summary>
public sealed class BackpressureTests
{
    private const int Writers = 8;
    private const int BurstsPerWriter = 12;
    private const int Burst = 16;

    [Fact]
    public async Task With_a_tiny_inflight_budget_every_acknowledged_write_is_readable_and_survives_a_restart()
    {
        if (TestServer.ExternalTarget is not null) return;
        await using var owned = await OwnedServer.StartAsync(c => c with { AsyncWrite = true, InflightMaxBytes = 4096 });
        var acked = new ConcurrentDictionary<string, byte[]>();

        // Each writer pipelines bursts of 16 SETs (16 KiB, four times the budget) in one write.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            await using var conn = await owned.ConnectAsync();
            for (var b = 0; b < BurstsPerWriter; b++)
            {
                var burst = Enumerable.Range(0, Burst).Select(i => $"bp:{w}:{b}:{i}").ToArray();
                await conn.WriteAsync(AsyncWriteTests.Concat(burst.Select(k => RespConnection.Encode("SET", k, ValueOf(k)))));
                var replies = await AsyncWriteTests.ReadManyAsync(conn, Burst);
                for (var i = 0; i < Burst; i++)
                {
                    Assert.Equal("+OK", replies[i]);
                    acked[burst[i]] = ValueOf(burst[i]);
                }
            }
        }));

        Assert.Equal(Writers * BurstsPerWriter * Burst, acked.Count);
        await AssertAllPresentAsync(owned, acked);
        await owned.RestartAsync();
        await AssertAllPresentAsync(owned, acked);
        await using var conn = await owned.ConnectAsync();
        Assert.Equal($":{acked.Count}", await conn.SendAsync("DBSIZE"));
    }

    private static async Task AssertAllPresentAsync(OwnedServer owned, ConcurrentDictionary<string, byte[]> acked)
    {
        await using var conn = await owned.ConnectAsync();
        foreach (var chunk in acked.Chunk(200))
        {
            var values = await conn.CallAsync(["MGET", .. chunk.Select(kv => (object)kv.Key)]);
            for (var i = 0; i < chunk.Length; i++) Assert.True(chunk[i].Value.AsSpan().SequenceEqual(values.Items![i].Bytes), chunk[i].Key);
        }
    }

    /// <summary>1 KiB derived from the key, so a value read back proves it belongs to its key.</summary>
    private static byte[] ValueOf(string key)
    {
        var seed = System.Security.Cryptography.SHA256.HashData(AsyncWriteTests.Utf8(key));
        var value = new byte[1024];
        for (var i = 0; i < value.Length; i++) value[i] = seed[i % seed.Length];
        return value;
    }
}
