using System.Net.Sockets;
using System.Text;

namespace Blobasaur.Fuzz;

/// <summary>A minimal RESP client for the harness's own checks (PING, the data set), with timeouts on every read.</summary>
internal sealed class Resp : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;

    private Resp(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new BufferedStream(_stream, 64 * 1024);
    }

    public static async Task<Resp> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        return new Resp(socket);
    }

    public static byte[] Encode(params byte[][] args)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var a in args)
        {
            ms.Write(Encoding.ASCII.GetBytes($"${a.Length}\r\n"));
            ms.Write(a);
            ms.Write("\r\n"u8);
        }

        return ms.ToArray();
    }

    public static byte[] Encode(params string[] args) => Encode(args.Select(Encoding.UTF8.GetBytes).ToArray());

    public async Task<string> CallAsync(params string[] args) => Encoding.UTF8.GetString(await CallRawAsync(Encode(args)) ?? "(nil)"u8.ToArray());

    /// <summary>Sends one request; returns a bulk reply's bytes, or a simple/error/integer line ("+OK", "-ERR ..."), as bytes.</summary>
    public async Task<byte[]?> CallRawAsync(byte[] request)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(request, cts.Token);
        return await Task.Run(ReadReply, cts.Token).WaitAsync(cts.Token);
    }

    private byte[]? ReadReply()
    {
        var line = ReadLine();
        if (line[0] != '$') return Encoding.UTF8.GetBytes(line);
        var length = int.Parse(line.AsSpan(1));
        if (length < 0) return null;
        var value = new byte[length + 2];
        _reader.ReadExactly(value);
        return value[..length];
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = _reader.ReadByte();
            if (b < 0) throw new EndOfStreamException("the server closed the connection");
            if (b == '\n' && sb.Length > 0 && sb[^1] == '\r') return sb.ToString(0, sb.Length - 1);
            sb.Append((char)b);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
