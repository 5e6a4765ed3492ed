using System.Security.Cryptography;
using System.Text;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Maintenance;

/// <summary>
/// A data set with every kind of row a migration must carry: small values, large values (over 1 MiB, so stored as
/// chunks), hashes, and keys and hashes with TTLs. Values are derived from the key, so a check needs no stored copy.
/// </summary>
internal static class DataSet
{
    public const int Small = 1500;
    public const int Large = 3;
    public const int Hashes = 40;
    public const int Fields = 12;
    public const int WithTtl = 60;
    public const int Keys = Small + Large + Hashes + WithTtl;

    public static byte[] SmallValue(int i) => Encoding.UTF8.GetBytes($"value-{i}-" + new string((char)('a' + i % 26), i % 300));

    public static byte[] LargeValue(int i)
    {
        var bytes = new byte[1_200_000 + i * 100_000];
        new Random(i).NextBytes(bytes);
        return bytes;
    }

    public static async Task WriteAsync(RespConnection conn)
    {
        for (var i = 0; i < Small; i++)
            Assert.Equal("+OK", await conn.SendAsync("SET", $"small:{i}", SmallValue(i)));
        for (var i = 0; i < Large; i++)
            Assert.Equal("+OK", await conn.SendAsync("SET", $"large:{i}", LargeValue(i)));
        for (var h = 0; h < Hashes; h++)
        {
            var args = new List<object> { "HSET", $"hash:{h}" };
            for (var f = 0; f < Fields; f++)
                args.AddRange([$"f{f}", $"h{h}-f{f}"]);
            Assert.Equal($":{Fields}", await conn.SendAsync([.. args]));
        }
        for (var i = 0; i < WithTtl; i++)
        {
            Assert.Equal("+OK", await conn.SendAsync("SET", $"ttl:{i}", $"t{i}", "EX", "100000"));
        }
        for (var h = 0; h < Hashes; h += 4)
            Assert.Equal(":1", await conn.SendAsync("EXPIRE", $"hash:{h}", "200000"));
    }

    /// <summary>Checks every key, value and TTL through the server, and that there are no other keys.</summary>
    public static async Task VerifyAsync(RespConnection conn)
    {
        Assert.Equal($":{Keys}", await conn.SendAsync("DBSIZE"));
        for (var i = 0; i < Small; i++)
            Assert.Equal(SmallValue(i), (await conn.CallAsync("GET", $"small:{i}")).Bytes);
        for (var i = 0; i < Large; i++)
        {
            var value = (await conn.CallAsync("GET", $"large:{i}")).Bytes;
            Assert.NotNull(value);
            Assert.Equal(SHA256.HashData(LargeValue(i)), SHA256.HashData(value));
        }
        for (var h = 0; h < Hashes; h++)
        {
            Assert.Equal($":{Fields}", await conn.SendAsync("HLEN", $"hash:{h}"));
            Assert.Equal($"h{h}-f{Fields - 1}", await conn.SendAsync("HGET", $"hash:{h}", $"f{Fields - 1}"));
            var ttl = long.Parse((await conn.SendAsync("TTL", $"hash:{h}"))[1..]);
            if (h % 4 == 0)
                Assert.InRange(ttl, 100_000, 200_000);
            else
                Assert.Equal(-1, ttl);
        }
        for (var i = 0; i < WithTtl; i++)
        {
            Assert.Equal($"t{i}", await conn.SendAsync("GET", $"ttl:{i}"));
            Assert.InRange(long.Parse((await conn.SendAsync("TTL", $"ttl:{i}"))[1..]), 50_000, 100_000);
        }
    }

    /// <summary>Writes the data set into a new data directory with the given shard count.</summary>
    public static async Task CreateAsync(string dataDir, int shards)
    {
        await using var server = await LocalServer.StartAsync(dataDir, shards);
        await using var conn = await server.ConnectAsync();
        await WriteAsync(conn);
    }

    public static async Task VerifyDirectoryAsync(string dataDir, int shards)
    {
        await using var server = await LocalServer.StartAsync(dataDir, shards);
        await using var conn = await server.ConnectAsync();
        await VerifyAsync(conn);
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
