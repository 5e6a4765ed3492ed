using System.Net.Sockets;
using System.Text;

namespace Blobasaur.Fuzz;

/// <summary>
/// One hostile client per call: each attack opens its own connection, misbehaves in one way, reads whatever the server
/// answers (bounded by a timeout) and goes away. Keys used here start with "fuzz:" and never touch the data set.
/// </summary>
internal sealed class Attacks(int port, Random random)
{
    private static readonly byte[] Interesting = "*$\r\n-0123456789 \"'\\x:+%~_#"u8.ToArray();
    private static readonly string[] Commands = ["GET", "SET", "MGET", "MSET", "DEL", "EXISTS", "PING", "ECHO", "HSET", "HGET", "HGETALL",
        "INCR", "APPEND", "GETRANGE", "SETRANGE", "STRLEN", "EXPIRE", "TTL", "SCAN", "HELLO", "CLIENT", "INFO", "TYPE", "GETDEL"];

    public long Sent;

    public string Name { get; private set; } = "";

    public async Task RunOneAsync(CancellationToken stop)
    {
        var pick = random.Next(11);
        Name = pick switch
        {
            0 => "random bytes",
            1 => "mutated frames",
            2 => "dropped mid-bulk",
            3 => "huge bulk header, no body",
            4 => "deep nesting",
            5 => "invalid UTF-8 round trip",
            6 => "inline garbage",
            7 => "valid pipeline",
            8 => "byte at a time",
            9 => "huge multibulk count",
            _ => "invalid UTF-8 command names",
        };
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, stop);
        switch (pick)
        {
            case 0: await SendAndDrainAsync(socket, Noise(random.Next(1, 8192)), stop); break;
            case 1: await SendAndDrainAsync(socket, Mutate(ValidPipeline(random.Next(1, 20))), stop); break;
            case 2: await DropMidBulkAsync(socket, stop); break;
            case 3: await HugeBulkHeaderAsync(socket, stop); break;
            case 4: await DeepNestingAsync(socket, stop); break;
            case 5: await Utf8RoundTripAsync(socket, stop); break;
            case 6: await SendAndDrainAsync(socket, InlineGarbage(), stop); break;
            case 7: await ValidPipelineAsync(socket, stop); break;
            case 8: await ByteAtATimeAsync(socket, stop); break;
            case 9: await SendAndDrainAsync(socket, Encoding.ASCII.GetBytes($"*{random.Next(1025, 1_048_577)}\r\n$3\r\nGET\r\n"), stop, hold: true); break;
            default: await SendAndDrainAsync(socket, Resp.Encode([RandomUtf8Garbage(), "x"u8.ToArray()]), stop); break;
        }
    }

    private async Task SendAndDrainAsync(Socket socket, byte[] bytes, CancellationToken stop, bool hold = false)
    {
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None, stop);
            Interlocked.Add(ref Sent, bytes.Length);
            if (random.Next(4) == 0) socket.Shutdown(SocketShutdown.Send);   // half-close: the server must still answer and close
            await DrainAsync(socket, TimeSpan.FromMilliseconds(hold ? 1000 : 300), stop);
        }
        catch (SocketException)
        {
            // The server closed the connection (protocol error, limits): expected.
        }
    }

    private static async Task<long> DrainAsync(Socket socket, TimeSpan window, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(window);
        var buffer = new byte[16 * 1024];
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
        catch (OperationCanceledException)
        {
            return total;
        }
    }

    // A SET whose value is declared but only partly sent, then the connection is dropped.
    private async Task DropMidBulkAsync(Socket socket, CancellationToken stop)
    {
        var declared = random.Next(2) == 0 ? random.Next(1, 100_000) : random.Next(1 << 20, 8 << 20);
        var header = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$9\r\nfuzz:drop\r\n${declared}\r\n");
        await socket.SendAsync(header, SocketFlags.None, stop);
        var part = new byte[random.Next(0, Math.Min(declared, 256 * 1024))];
        random.NextBytes(part);
        await socket.SendAsync(part, SocketFlags.None, stop);
        Interlocked.Add(ref Sent, header.Length + part.Length);
        if (random.Next(2) == 0) socket.LingerState = new LingerOption(true, 0);   // RST instead of FIN
        socket.Close();
    }

    private async Task HugeBulkHeaderAsync(Socket socket, CancellationToken stop)
    {
        var header = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$8\r\nfuzz:big\r\n${100_000_000 + random.Next(400_000_000)}\r\n");
        await SendAndDrainAsync(socket, header, stop, hold: true);
    }

    // RESP arrays inside arrays: a request must be an array of bulk strings; Redis answers "expected '$', got '*'".
    private async Task DeepNestingAsync(Socket socket, CancellationToken stop)
    {
        var depth = random.Next(2, 5000);
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", depth)) + "$4\r\nPING\r\n");
        await socket.SendAsync(bytes, SocketFlags.None, stop);
        var reply = await ReadSomeAsync(socket, stop);
        if (!reply.StartsWith("-ERR Protocol error: expected '$', got '*'", StringComparison.Ordinal))
            throw new FuzzFailure($"deep nesting ({depth}) got {Printable(reply)}");
    }

    // Keys and values that are not valid UTF-8 must round-trip byte for byte.
    private async Task Utf8RoundTripAsync(Socket socket, CancellationToken stop)
    {
        var key = "fuzz:utf8:"u8.ToArray().Concat(RandomUtf8Garbage()).ToArray();
        var value = RandomUtf8Garbage();
        await socket.SendAsync(Resp.Encode(["SET"u8.ToArray(), key, value]).Concat(Resp.Encode(["GET"u8.ToArray(), key])).ToArray(),
            SocketFlags.None, stop);
        var expected = "+OK\r\n"u8.ToArray().Concat(Encoding.ASCII.GetBytes($"${value.Length}\r\n")).Concat(value).Concat("\r\n"u8.ToArray()).ToArray();
        var got = await ReadExactlyAsync(socket, expected.Length, stop);
        if (!got.AsSpan().SequenceEqual(expected)) throw new FuzzFailure($"invalid UTF-8 round trip returned {Printable(Encoding.Latin1.GetString(got))}");
    }

    private async Task ValidPipelineAsync(Socket socket, CancellationToken stop)
    {
        var count = random.Next(1, 200);
        var bytes = Enumerable.Range(0, count).SelectMany(i => Resp.Encode("ECHO", $"fuzz-{i}")).ToArray();
        await socket.SendAsync(bytes, SocketFlags.None, stop);
        var expected = string.Concat(Enumerable.Range(0, count).Select(i => $"${$"fuzz-{i}".Length}\r\nfuzz-{i}\r\n"));
        var got = Encoding.ASCII.GetString(await ReadExactlyAsync(socket, expected.Length, stop));
        if (got != expected) throw new FuzzFailure("a valid pipeline of ECHOs came back different");
    }

    private async Task ByteAtATimeAsync(Socket socket, CancellationToken stop)
    {
        var bytes = random.Next(2) == 0 ? Resp.Encode("ECHO", "slow") : Mutate(Resp.Encode("ECHO", "slow"));
        foreach (var b in bytes)
        {
            await socket.SendAsync(new[] { b }, SocketFlags.None, stop);
            await Task.Delay(random.Next(0, 5), stop);
        }

        await DrainAsync(socket, TimeSpan.FromMilliseconds(300), stop);
    }

    private byte[] ValidPipeline(int count) => Enumerable.Range(0, count).SelectMany(_ =>
    {
        var name = Commands[random.Next(Commands.Length)];
        var args = new List<byte[]> { Encoding.ASCII.GetBytes(name) };
        for (var i = random.Next(0, 5); i > 0; i--)
            args.Add(random.Next(3) == 0 ? RandomUtf8Garbage() : Encoding.ASCII.GetBytes($"fuzz:{random.Next(100)}"));
        return Resp.Encode([.. args]);
    }).ToArray();

    private byte[] Mutate(byte[] frame)
    {
        var bytes = frame.ToList();
        for (var edits = random.Next(1, 6); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = Pick(); break;
                case 1: bytes.Insert(at, Pick()); break;
                case 2: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }

    private byte[] Noise(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = Pick();
        return bytes;
    }

    private byte[] InlineGarbage() => random.Next(3) switch
    {
        0 => Encoding.ASCII.GetBytes(new string('a', random.Next(60_000, 70_000))),                    // around the 64 KiB limit, no newline
        1 => [.. "ECHO \"unbalanced\r\n"u8.ToArray(), .. "SET 'x\r\n"u8.ToArray(), .. "GET \"\\xZZ\" \"a\"b\r\n"u8.ToArray()],
        _ => [.. Noise(random.Next(1, 300)).Where(b => b != (byte)'*' && b != (byte)'\n'), (byte)'\r', (byte)'\n'],
    };

    private byte[] RandomUtf8Garbage()
    {
        byte[][] pieces = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xC0, 0xAF], "ok"u8.ToArray()];
        return Enumerable.Range(0, random.Next(1, 12)).SelectMany(_ => pieces[random.Next(pieces.Length)]).ToArray();
    }

    private byte Pick() => random.Next(3) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);

    private static async Task<string> ReadSomeAsync(Socket socket, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[512];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.Latin1.GetString(buffer, 0, n);
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token);
            if (n == 0) throw new FuzzFailure($"the server closed the connection after {got} of {count} expected bytes");
            got += n;
        }

        return buffer;
    }

    private static string Printable(string s) => new([.. s.Take(120).Select(c => c is >= ' ' and < (char)127 ? c : '?')]);
}

internal sealed class FuzzFailure(string message) : Exception(message);
