using System.Collections.Concurrent;
using Blobasaur.Testing;
using Xunit.Abstractions;

namespace Blobasaur.IntegrationTests.Maintenance;

/// <summary>
/// BLOBASAUR.BACKUP while several connections keep writing, then blobasaur restore into a new directory and a new server:
/// every write acknowledged before the backup started must be there with its value.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    private static string ValueOf(string key) => key + ":" + new string('v', key.Length * 7 % 500);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Acknowledged_writes_before_the_backup_are_restored(bool asyncWrite)
    {
        using var tmp = new TempDir();
        var backup = tmp.Sub("backup");
        var restored = tmp.Sub("restored");
        var acked = new ConcurrentDictionary<string, long>(); // key -> order of acknowledgement
        long sequence = 0, ackedBeforeBackup;
        await using (var server = await LocalServer.StartAsync(tmp.Sub("data"), 3, asyncWrite))
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                await using var conn = await server.ConnectAsync();
                for (var i = 0; !stop.IsCancellationRequested && i < 200_000; i++)
                {
                    var key = $"w{w}:{i}";
                    var reply = await conn.SendAsync("SET", key, ValueOf(key));
                    Assert.Equal("+OK", reply);
                    acked[key] = Interlocked.Increment(ref sequence);
                }
            })).ToArray();

            await Eventually.TrueAsync(() => Task.FromResult(acked.Count > 2000), TimeSpan.FromSeconds(60));
            await using var admin = await server.ConnectAsync();
            var lastSaveBefore = long.Parse((await admin.SendAsync("LASTSAVE"))[1..]);
            ackedBeforeBackup = Interlocked.Read(ref sequence); // every key with an order <= this was acknowledged before BACKUP was sent
            var reply = await admin.CallAsync("BLOBASAUR.BACKUP", backup);
            Assert.Equal('*', reply.Type);
            var countDuring = acked.Count;
            await Task.Delay(200); // writes keep flowing after the backup too
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            output.WriteLine($"async_write={asyncWrite}: {reply}; {ackedBeforeBackup} acknowledged before, {countDuring} when it returned, {acked.Count} in all");
            Assert.True(acked.Count > ackedBeforeBackup, "no write was acknowledged during or after the backup");

            var lastSave = long.Parse((await admin.SendAsync("LASTSAVE"))[1..]);
            Assert.True(lastSave >= lastSaveBefore && lastSave >= DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, $"LASTSAVE {lastSave}");
            Assert.Contains($"rdb_last_save_time:{lastSave}\r\n", (await admin.CallAsync("INFO", "persistence")).AsString());

            // A second backup into the same (now full) directory is refused; the connection stays usable.
            Assert.StartsWith("-ERR ", await admin.SendAsync("BLOBASAUR.BACKUP", backup));
            Assert.Contains("not empty", await admin.SendAsync("BLOBASAUR.BACKUP", backup));
            Assert.Equal("+PONG", await admin.SendAsync("PING"));
        }

        var restore = await Cli.RunAsync("restore", "--from", backup, "--data-dir", restored);
        output.WriteLine(restore.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());

        await using var fresh = await LocalServer.StartAsync(restored, 3);
        await using var check = await fresh.ConnectAsync();
        var mustHave = acked.Where(kv => kv.Value <= ackedBeforeBackup).Select(kv => kv.Key).ToList();
        Assert.Equal(ackedBeforeBackup, mustHave.Count);
        foreach (var key in mustHave)
            Assert.Equal(ValueOf(key), await check.SendAsync("GET", key));
        var restoredKeys = long.Parse((await check.SendAsync("DBSIZE"))[1..]);
        Assert.InRange(restoredKeys, mustHave.Count, acked.Count);
    }

    [Fact]
    public async Task Cli_backup_then_restore_refuses_a_non_empty_target_and_a_damaged_backup()
    {
        using var tmp = new TempDir();
        var backup = tmp.Sub("backup");
        await using (var server = await LocalServer.StartAsync(tmp.Sub("data"), 2))
        {
            await using var conn = await server.ConnectAsync();
            Assert.Equal("+OK", await conn.SendAsync("SET", "a", "1"));
            Assert.Equal(":1", await conn.SendAsync("HSET", "h", "f", "v"));
            var result = await Cli.RunAsync("backup", "--to", backup, "--port", server.Port.ToString());
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("2 shards", result.Output);
            var again = await Cli.RunAsync("backup", "--to", backup, "--port", server.Port.ToString());
            Assert.Equal(1, again.ExitCode);
        }
        Assert.True(File.Exists(Path.Combine(backup, "blobasaur.layout.json")));
        Assert.True(File.Exists(Path.Combine(backup, "blobasaur.backup.json")));

        var occupied = tmp.Sub("occupied");
        Directory.CreateDirectory(occupied);
        await File.WriteAllTextAsync(Path.Combine(occupied, "something"), "x");
        var refused = await Cli.RunAsync("restore", "--from", backup, "--data-dir", occupied);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not empty", refused.Output);

        var good = tmp.Sub("good");
        Assert.Equal(0, (await Cli.RunAsync("restore", "--from", backup, "--data-dir", good)).ExitCode);
        await using (var server = await LocalServer.StartAsync(good, 2))
        {
            await using var conn = await server.ConnectAsync();
            Assert.Equal("1", await conn.SendAsync("GET", "a"));
            Assert.Equal("v", await conn.SendAsync("HGET", "h", "f"));
        }

        // Damage a page in the middle of a shard file: integrity_check must catch it and no layout record is written.
        var damaged = tmp.Sub("damaged-backup");
        DataSet.CopyDirectory(backup, damaged);
        var shard = Path.Combine(damaged, "shard_0.db");
        var bytes = await File.ReadAllBytesAsync(shard);
        Assert.True(bytes.Length >= 3 * 16384, $"shard_0.db has only {bytes.Length} bytes");
        for (var i = 16384 + 8; i < 16384 + 16000; i++)
            bytes[i] ^= 0x5A; // page 2: the b-tree page of a table
        await File.WriteAllBytesAsync(shard, bytes);
        var target = tmp.Sub("from-damaged");
        var bad = await Cli.RunAsync("restore", "--from", damaged, "--data-dir", target);
        output.WriteLine(bad.ToString());
        Assert.Equal(1, bad.ExitCode);
        Assert.False(File.Exists(Path.Combine(target, "blobasaur.layout.json")));

        var missing = await Cli.RunAsync("restore", "--from", tmp.Sub("nothing-here"), "--data-dir", tmp.Sub("t2"));
        Assert.Equal(1, missing.ExitCode);
    }
}
