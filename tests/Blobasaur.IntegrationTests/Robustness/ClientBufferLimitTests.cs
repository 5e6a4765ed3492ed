using System.Net.Sockets;
using System.Text;
using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Robustness;

/// <summary>Output limits small enough to reach quickly: 16 MiB hard, 4 MiB soft for 1 s, a 4 MiB query buffer.</summary>
public sealed class SmallBufferLimitsServer : TestServer
{
    public const long Hard = 16L << 20;
    public const long QueryLimit = 4L << 20;

    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with
    {
        Server = config.Server with
        {
            ClientOutputBufferLimitHard = Hard,
            ClientOutputBufferLimitSoft = 0,
            ClientQueryBufferLimit = QueryLimit,
        },
    };
}

/// <summary>Soft limit only: 4 MiB for 1 s, no hard limit.</summary>
public sealed class SoftOutputLimitServer : TestServer
{
    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with
    {
        Server = config.Server with
        {
            ClientOutputBufferLimitHard = 0,
            ClientOutputBufferLimitSoft = 4L << 20,
            ClientOutputBufferLimitSoftSeconds = 1,
        },
    };
}

/// <summary>
/// client-output-buffer-limit and client-query-buffer-limit through real sockets: a client that pipelines large GETs and
/// never reads is closed once its pending replies pass the limit, without disturbing anyone else; a client that sends more
/// than the query buffer limit of an unfinished request is closed; huge bulk headers without their data cost little.
/// </summary>
public sealed class ClientBufferLimitTests(SmallBufferLimitsServer server) : IClassFixture<SmallBufferLimitsServer>
{
    private const int ValueSize = 1 << 20;

    [OwnServerFact]
    public async Task A_client_that_pipelines_large_gets_and_never_reads_is_closed_at_the_hard_limit()
    {
        await using var other = await server.ConnectAsync();
        Assert.Equal("+OK", await other.SendAsync("SET", "big:hard", new byte[ValueSize]));

        using var greedy = await ConnectRawAsync();
        var id = await ClientIdAsync(greedy);
        // 2,000 GETs of 1 MiB = 2 GiB of replies; the limit is 16 MiB. Sent without reading a byte of the replies.
        var requests = Repeat(RespConnection.Encode("GET", "big:hard"), 2000);
        var send = SendIgnoringResetAsync(greedy, requests);

        Assert.True(await Eventually.TrueAsync(async () => !(await ClientListAsync(other)).Contains($"id={id} "), TimeSpan.FromSeconds(30)),
            "the non-reading client is still connected");
        await send;

        // What reaches the client is what the socket buffers held plus at most the limit: far less than the 2 GiB asked for.
        var received = await DrainAsync(greedy, TimeSpan.FromSeconds(30));
        Assert.True(received < 2000L * ValueSize / 4, $"the client received {received} bytes");
        Assert.Equal("+PONG", await other.SendAsync("PING"));
        Assert.Equal(ValueSize, (await other.CallAsync("GET", "big:hard")).Bytes!.Length);
    }

    [OwnServerFact]
    public async Task A_client_that_reads_its_replies_is_not_closed()
    {
        await using var reader = await server.ConnectAsync();
        Assert.Equal("+OK", await reader.SendAsync("SET", "big:ok", new byte[ValueSize]));
        // 8 MiB of replies in flight at most: under the 16 MiB hard limit however slowly this side reads.
        for (var round = 0; round < 4; round++)
        {
            await reader.WriteAsync(Repeat(RespConnection.Encode("GET", "big:ok"), 8));
            for (var i = 0; i < 8; i++) Assert.Equal(ValueSize, (await reader.ReadAsync()).Bytes!.Length);
        }

        Assert.Equal("+PONG", await reader.SendAsync("PING"));
    }

    [OwnServerFact]
    public async Task A_client_over_the_query_buffer_limit_is_closed_without_a_reply()
    {
        await using var other = await server.ConnectAsync();
        using var flood = await ConnectRawAsync();
        var id = await ClientIdAsync(flood);
        // A 10 MB argument, of which 6 MB arrive: more than the 4 MiB query buffer limit of an unfinished request.
        var header = Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$5\r\nflood\r\n$10000000\r\n");
        await SendIgnoringResetAsync(flood, [.. header, .. new byte[6_000_000]]);

        Assert.True(await Eventually.TrueAsync(async () => !(await ClientListAsync(other)).Contains($"id={id} "), TimeSpan.FromSeconds(30)),
            "the client over the query buffer limit is still connected");
        Assert.Equal(0, await DrainAsync(flood, TimeSpan.FromSeconds(10)));
        Assert.True((await other.CallAsync("GET", "flood")).IsNull);
    }

    [OwnServerFact]
    public async Task Bulk_headers_declaring_huge_values_without_data_keep_the_connections_open_and_cheap()
    {
        await using var other = await server.ConnectAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clients = new List<Socket>();
        try
        {
            // 20 clients each declare a 500 MB value and send 100 bytes of it: 10 GB declared.
            for (var i = 0; i < 20; i++)
            {
                var client = await ConnectRawAsync();
                clients.Add(client);
                await client.SendAsync(Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$4\r\nhuge\r\n$500000000\r\n{new string('x', 100)}"));
            }

            Assert.Equal("+PONG", await other.SendAsync("PING"));
            Assert.True(await Eventually.TrueAsync(async () => (await ClientListAsync(other)).Split('\n').Count(l => l.Contains("cmd=NULL")) >= 20,
                TimeSpan.FromSeconds(10)));
            var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
            // Each costs its first 1 MiB argument buffer, not 500 MB (other test classes may allocate meanwhile: a loose bound).
            Assert.True(growth < 1L << 30, $"the managed heap grew by {growth} bytes");
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [OwnServerFact]
    public async Task Config_get_reports_the_limits_in_redis_format()
    {
        await using var conn = await server.ConnectAsync();
        var reply = await conn.CallAsync("CONFIG", "GET", "client-output-buffer-limit");
        Assert.Equal($"normal {SmallBufferLimitsServer.Hard} 0 60 slave 0 0 0 pubsub 0 0 0", reply.Items![1].ToString());
        reply = await conn.CallAsync("CONFIG", "GET", "client-query-buffer-limit");
        Assert.Equal($"{SmallBufferLimitsServer.QueryLimit}", reply.Items![1].ToString());
    }

    private async Task<Socket> ConnectRawAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await socket.ConnectAsync(server.Host, server.Port);
        return socket;
    }

    private static async Task<long> ClientIdAsync(Socket socket)
    {
        await socket.SendAsync(RespConnection.Encode("CLIENT", "ID"));
        var buffer = new byte[64];
        var n = 0;
        while (n < 3 || buffer[n - 1] != (byte)'\n') n += await socket.ReceiveAsync(buffer.AsMemory(n));
        return long.Parse(Encoding.ASCII.GetString(buffer, 1, n - 3));
    }

    private static async Task<string> ClientListAsync(RespConnection conn) => (await conn.CallAsync("CLIENT", "LIST")).ToString();

    private static byte[] Repeat(byte[] frame, int times) => [.. Enumerable.Repeat(frame, times).SelectMany(f => f)];

    // The server may close the connection while we are still sending: that is the point, not an error.
    private static async Task SendIgnoringResetAsync(Socket socket, byte[] bytes)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Reads until the server closes the connection; returns the bytes received.</summary>
    private static async Task<long> DrainAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[256 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) return total;
                total += n;
            }
        }
        catch (SocketException)
        {
            return total;
        }
    }
}

/// <summary>The soft limit: pending replies above it for the soft seconds close the client, even with no hard limit.</summary>
public sealed class SoftOutputLimitTests(SoftOutputLimitServer server) : IClassFixture<SoftOutputLimitServer>
{
    [OwnServerFact]
    public async Task A_client_above_the_soft_limit_for_the_soft_seconds_is_closed()
    {
        await using var other = await server.ConnectAsync();
        Assert.Equal("+OK", await other.SendAsync("SET", "big:soft", new byte[1 << 20]));
        using var greedy = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await greedy.ConnectAsync(server.Host, server.Port);
        // 64 MiB of replies asked for, never read: the flush waits at soft + 4 MiB, above the soft limit, until the timer fires.
        await greedy.SendAsync(Enumerable.Repeat(RespConnection.Encode("GET", "big:soft"), 64).SelectMany(f => f).ToArray());

        Assert.True(await Eventually.TrueAsync(async () => (await other.CallAsync("CLIENT", "LIST")).ToString().Split('\n').Count(l => l.Contains("id=")) == 1,
            TimeSpan.FromSeconds(30)), "the client over the soft limit is still connected");
        Assert.Equal("+PONG", await other.SendAsync("PING"));
    }
}
