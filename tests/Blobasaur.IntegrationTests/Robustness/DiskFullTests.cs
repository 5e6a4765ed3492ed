using Blobasaur.Config;
using Blobasaur.Testing;
using Microsoft.Data.Sqlite;

namespace Blobasaur.IntegrationTests.Robustness;

/// <summary>One shard capped at 2 MB ([sqlite] max_shard_size_mb): SQLite reports SQLITE_FULL exactly as on a full disk.</summary>
public sealed class CappedShardServer : TestServer
{
    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with
    {
        NumShards = 1,
        Sqlite = config.Sqlite with { MaxShardSizeMb = 2 },
    };
}

/// <summary>
/// Disk full: writes fail with a clear error naming it, the failing batch fails as a whole, reads keep working, nothing
/// stored is damaged, and writes succeed again once space is freed, without a restart.
/// </summary>
public sealed class DiskFullTests(CappedShardServer server) : IClassFixture<CappedShardServer>
{
    private const string DiskFullPrefix = "-ERR disk full: shard 0 cannot grow (SQLITE_FULL); free space on the data directory and retry";

    [OwnServerFact]
    public async Task Writes_fail_with_disk_full_reads_keep_working_and_writes_resume_once_space_is_freed()
    {
        await using var conn = await server.ConnectAsync();
        var stored = new List<string>();
        string reply;
        for (var i = 0; ; i++)
        {
            Assert.True(i < 1000, "2 MB never filled up");
            var key = $"full:{i}";
            reply = await conn.SendAsync("SET", key, ValueOf(key));
            if (reply != "+OK") break;
            stored.Add(key);
        }

        Assert.Equal(DiskFullPrefix, reply);
        Assert.True(stored.Count > 5, $"only {stored.Count} values fitted");

        // A pipelined batch while full: every write in it gets the error, none is half applied.
        await conn.WriteAsync(Enumerable.Range(0, 20).SelectMany(i => RespConnection.Encode("SET", $"batch:{i}", ValueOf($"batch:{i}"))).ToArray());
        for (var i = 0; i < 20; i++) Assert.Equal(DiskFullPrefix, (await conn.ReadAsync()).ToString());
        Assert.Equal("+PONG", await conn.SendAsync("PING"));

        // Reads keep working, and everything acknowledged is intact.
        foreach (var key in stored) Assert.Equal(ValueOf(key), (await conn.CallAsync("GET", key)).Bytes);
        for (var i = 0; i < 20; i++) Assert.True((await conn.CallAsync("GET", $"batch:{i}")).IsNull);
        Assert.Equal($":{stored.Count}", await conn.SendAsync("DBSIZE"));
        AssertIntegrity();

        // Free space (delete half the keys): writes succeed again, on the same connection, same server.
        var freed = stored.Where((_, i) => i % 2 == 0).ToList();
        Assert.Equal($":{freed.Count}", await conn.SendAsync(["DEL", .. freed]));
        var kept = stored.Except(freed).ToList();
        for (var i = 0; i < freed.Count / 2; i++)
        {
            var key = $"again:{i}";
            Assert.Equal("+OK", await conn.SendAsync("SET", key, ValueOf(key)));
            kept.Add(key);
        }

        foreach (var key in kept) Assert.Equal(ValueOf(key), (await conn.CallAsync("GET", key)).Bytes);
        Assert.Equal($":{kept.Count}", await conn.SendAsync("DBSIZE"));
        AssertIntegrity();
    }

    private void AssertIntegrity()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(server.DataDir, "shard_0.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar() as string);
    }

    // 64 KiB of bytes derived from the key: a read proves which write it came from.
    private static byte[] ValueOf(string key)
    {
        var seed = key.GetHashCode(StringComparison.Ordinal);
        var value = new byte[64 * 1024];
        new Random(seed).NextBytes(value);
        return value;
    }
}
