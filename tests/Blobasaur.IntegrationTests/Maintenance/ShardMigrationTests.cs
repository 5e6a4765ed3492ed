using System.Diagnostics;
using Xunit.Abstractions;

namespace Blobasaur.IntegrationTests.Maintenance;

/// <summary>
/// blobasaur shard migrate, run as a child process on a data set with small, chunked, hash and TTL rows; the result is
/// read back through a real server with the new shard count.
/// </summary>
public sealed class ShardMigrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Migrates_4_to_7_to_3_with_verify_and_keeps_every_key()
    {
        using var tmp = new TempDir();
        var data = tmp.Sub("data");
        await DataSet.CreateAsync(data, 4);

        var grow = await Cli.RunAsync("shard", "migrate", "4", "7", "--data-dir", data, "--verify");
        output.WriteLine(grow.ToString());
        Assert.True(grow.ExitCode == 0, grow.ToString());
        Assert.Contains($"verified {DataSet.Keys} keys, no differences", grow.Output);
        Assert.Equal(7, Directory.GetFiles(data, "shard_*.db").Length);
        Assert.Empty(Directory.GetDirectories(data));
        await DataSet.VerifyDirectoryAsync(data, 7);

        var shrink = await Cli.RunAsync("shard", "migrate", "7", "3", "--data-dir", data, "--verify");
        output.WriteLine(shrink.ToString());
        Assert.True(shrink.ExitCode == 0, shrink.ToString());
        Assert.Equal(3, Directory.GetFiles(data, "shard_*.db").Length);
        await DataSet.VerifyDirectoryAsync(data, 3);

        // The old count no longer opens: the layout record switched.
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () => await LocalServer.StartAsync(data, 7));
        Assert.Contains("written with 3 shards", ex.Message);
    }

    [Fact]
    public async Task Refuses_while_a_server_holds_the_directory_and_on_a_wrong_old_count()
    {
        using var tmp = new TempDir();
        var data = tmp.Sub("data");
        await using (var server = await LocalServer.StartAsync(data, 2))
        {
            await using var conn = await server.ConnectAsync();
            Assert.Equal("+OK", await conn.SendAsync("SET", "k", "v"));
            var refused = await Cli.RunAsync("shard", "migrate", "2", "5", "--data-dir", data);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("in use by another Blobasaur process", refused.Output);
        }

        var wrong = await Cli.RunAsync("shard", "migrate", "3", "5", "--data-dir", data);
        Assert.True(wrong.ExitCode == 1, wrong.ToString());
        Assert.Contains("has 2 shards", wrong.Output);
        Assert.False(Directory.Exists(Path.Combine(data, ".migrate-5")));

        await using var again = await LocalServer.StartAsync(data, 2);
        await using var check = await again.ConnectAsync();
        Assert.Equal("v", await check.SendAsync("GET", "k"));
    }

    /// <summary>
    /// kill -9 at random moments of a migration (uniform over the time a full run takes): the directory must open and hold
    /// the whole data set, with the old shard count unless the kill came after the commit point (then the open finishes the
    /// switch and it has the new count); and a second run must complete. Odd rounds re-run straight away (the staged work
    /// is resumed), even rounds open the directory with a server first (which drops the unfinished staging).
    /// </summary>
    [Fact]
    public async Task Kill_9_at_random_points_never_loses_data_and_a_rerun_completes()
    {
        using var tmp = new TempDir();
        var pristine = tmp.Sub("pristine");
        await DataSet.CreateAsync(pristine, 4);

        // How long an uninterrupted run takes on this machine, to spread the kills over all of its phases.
        var timing = tmp.Sub("timing");
        DataSet.CopyDirectory(pristine, timing);
        var clock = Stopwatch.StartNew();
        var full = await Cli.RunAsync("shard", "migrate", "4", "6", "--data-dir", timing);
        var runTime = clock.Elapsed;
        Assert.True(full.ExitCode == 0, full.ToString());
        output.WriteLine($"an uninterrupted run took {runTime.TotalMilliseconds:0} ms");

        var random = new Random(Environment.TickCount);
        var outcomes = new List<string>();
        for (var round = 1; round <= 5; round++)
        {
            var data = tmp.Sub($"round{round}");
            DataSet.CopyDirectory(pristine, data);
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * runTime.TotalMilliseconds);
            using (var process = await Cli.StartAsync("shard", "migrate", "4", "6", "--data-dir", data))
            {
                await Task.Delay(delay);
                if (!process.HasExited)
                    process.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }

            var committed = Directory.Exists(Path.Combine(data, ".migrate-commit"));
            var staged = Directory.Exists(Path.Combine(data, ".migrate-6"));
            var switched = File.ReadAllText(Path.Combine(data, "blobasaur.layout.json")).Contains("\"num_shards\": 6");
            outcomes.Add($"round {round}: killed after {delay.TotalMilliseconds:0} ms, staged={staged} committed={committed} switched={switched}");
            output.WriteLine(outcomes[^1]);

            if (round % 2 == 1)
            {
                var rerun = await Cli.RunAsync("shard", "migrate", "4", "6", "--data-dir", data, "--verify");
                Assert.True(rerun.ExitCode == 0, rerun.ToString());
                output.WriteLine(rerun.Output);
                await DataSet.VerifyDirectoryAsync(data, 6);
            }
            else
            {
                await DataSet.VerifyDirectoryAsync(data, committed || switched ? 6 : 4);
                if (!committed && !switched)
                {
                    var rerun = await Cli.RunAsync("shard", "migrate", "4", "6", "--data-dir", data, "--verify");
                    Assert.True(rerun.ExitCode == 0, rerun.ToString());
                    await DataSet.VerifyDirectoryAsync(data, 6);
                }
            }
            Assert.Empty(Directory.GetDirectories(data));
            Assert.Equal(6, Directory.GetFiles(data, "shard_*.db").Length);
        }
    }
}
