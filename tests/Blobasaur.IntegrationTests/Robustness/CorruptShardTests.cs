using System.Security.Cryptography;
using Blobasaur.IntegrationTests.Crash;

namespace Blobasaur.IntegrationTests.Robustness;

/// <summary>
/// A damaged shard file at startup: the server exits with code 1 and a message naming the file and the fix, and the other
/// shard files are neither written nor even opened for writing (same bytes, same modification time).
/// </summary>
public sealed class CorruptShardTests
{
    public enum Damage { GarbageHeader, Truncated, Empty100Bytes }

    [Theory]
    [InlineData(Damage.GarbageHeader)]
    [InlineData(Damage.Truncated)]
    [InlineData(Damage.Empty100Bytes)]
    public async Task A_damaged_shard_file_stops_startup_naming_the_file_and_leaves_the_others_alone(Damage damage)
    {
        var work = Directory.CreateTempSubdirectory("blobasaur-corrupt-");
        var dataDir = Path.Combine(work.FullName, "data");
        try
        {
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                await using var conn = await server.ConnectAsync();
                for (var i = 0; i < 400; i++) Assert.Equal("+OK", await conn.SendAsync("SET", $"k:{i}", new byte[4096 + i]));
                await server.StopAsync();
            }

            var victim = Path.Combine(dataDir, "shard_2.db");
            Assert.True(new FileInfo(victim).Length > 16384, "shard 2 holds too little data to damage");
            switch (damage)
            {
                case Damage.GarbageHeader:
                    await using (var file = new FileStream(victim, FileMode.Open, FileAccess.Write))
                        file.Write(RandomNumberGenerator.GetBytes(100));
                    break;
                case Damage.Truncated:
                    await using (var file = new FileStream(victim, FileMode.Open, FileAccess.Write))
                        file.SetLength(file.Length / 2 + 1000);
                    break;
                case Damage.Empty100Bytes:
                    await File.WriteAllBytesAsync(victim, new byte[100]);
                    break;
            }

            var others = Directory.GetFiles(dataDir, "shard_*.db").Where(f => f != victim).Order().ToList();
            var before = others.Select(Fingerprint).ToList();
            await Task.Delay(1100); // so that any write would show in a modification time with 1 s resolution too

            var (exitCode, output) = await ServerProcess.RunUntilExitAsync(dataDir, TimeSpan.FromSeconds(60));

            Assert.Equal(1, exitCode);
            Assert.Contains($"{victim} is damaged", output);
            Assert.Contains("Restore shard_2.db from a backup, or move it out of", output);
            Assert.Equal(before, others.Select(Fingerprint).ToList());
            Assert.DoesNotContain(Directory.GetFiles(dataDir, "shard_*.db-wal"), f => !f.StartsWith(victim, StringComparison.Ordinal));
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

    private static string Fingerprint(string path) =>
        $"{Path.GetFileName(path)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))} {File.GetLastWriteTimeUtc(path):O}";
}
