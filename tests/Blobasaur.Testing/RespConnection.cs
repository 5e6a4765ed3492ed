using System.Net.Sockets;
using System.Text;

namespace Blobasaur.Testing;

/// <summary>A raw-socket RESP client for tests: send exact bytes or commands, read and decode replies.</summary>
public sealed class RespConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private RespConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new BufferedStream(_stream, 64 * 1024);
    }

    public static async Task<RespConnection> ConnectAsync(string host, int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(host, port);
        return new RespConnection(tcp);
    }

    /// <summary>Sends one command (as a multibulk request) and returns the reply in its compact string form.</summary>
    public async Task<string> SendAsync(params object[] args) => (await CallAsync(args)).ToString();

    public async Task<RespValue> CallAsync(params object[] args)
    {
        await WriteAsync(Encode(args));
        return await ReadAsync();
    }

    public static byte[] Encode(params object[] args)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            var bytes = arg as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(arg, System.Globalization.CultureInfo.InvariantCulture)!);
            ms.Write(Encoding.ASCII.GetBytes($"${bytes.Length}\r\n"));
            ms.Write(bytes);
            ms.Write("\r\n"u8);
        }

        return ms.ToArray();
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task<RespValue> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        return await Task.Run(() => RespValueReader.Read(_reader), cts.Token).WaitAsync(cts.Token);
    }

    /// <summary>Reads raw bytes until <paramref name="count"/> arrived (for exact-bytes assertions).</summary>
    public async Task<byte[]> ReadExactAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[count];
        await _reader.ReadExactlyAsync(buffer, cts.Token);
        return buffer;
    }

    /// <summary>True when the server closed the connection (reads return end of stream) within the timeout.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            var buffer = new byte[4096];
            while (true)
            {
                var n = await _reader.ReadAsync(buffer, cts.Token);
                if (n == 0) return true;
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        _tcp.Dispose();
    }
}
