using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Blobasaur.Cli;

/// <summary>A RESP2 reply as the maintenance commands need it: simple/bulk text, integer, error, array, or nil.</summary>
internal sealed record RespReply(char Kind, string? Text = null, long Integer = 0, IReadOnlyList<RespReply>? Items = null)
{
    public bool IsError => Kind == '-';

    public override string ToString() => Kind switch
    {
        ':' => Integer.ToString(CultureInfo.InvariantCulture),
        '*' => "[" + string.Join(", ", Items!) + "]",
        _ => Text ?? "(nil)",
    };

    /// <summary>A flat [field, value, field, value, ...] array as a dictionary of strings.</summary>
    public Dictionary<string, string> AsFields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; Items is not null && i + 1 < Items.Count; i += 2)
            fields[Items[i].ToString()] = Items[i + 1].ToString();
        return fields;
    }
}

/// <summary>The smallest RESP client the CLI needs: one connection, one command at a time, a deadline per call.</summary>
internal sealed class RespClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    private RespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RespClient> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new RespClient(tcp);
    }

    public async Task<RespReply> CallAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var request = new StringBuilder();
        request.Append('*').Append(args.Count).Append("\r\n");
        foreach (var arg in args)
            request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RespReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line.Length == 0)
            throw new IOException("empty reply line");
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
            case '-':
                return new RespReply(line[0], rest);
            case ':':
                return new RespReply(':', Integer: long.Parse(rest, CultureInfo.InvariantCulture));
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                    return new RespReply('_');
                var bytes = await ReadExactAsync(length + 2, cancellationToken).ConfigureAwait(false);
                return new RespReply('$', Encoding.UTF8.GetString(bytes, 0, length));
            }
            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                    return new RespReply('_');
                var items = new List<RespReply>(count);
                for (var i = 0; i < count; i++)
                    items.Add(await ReadReplyAsync(cancellationToken).ConfigureAwait(false));
                return new RespReply('*', Items: items);
            }
            default:
                throw new IOException($"unexpected reply type '{line[0]}'");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline > _start && _buffer[newline - 1] == '\r')
            {
                var text = Encoding.UTF8.GetString(_buffer, _start, newline - 1 - _start);
                _start = newline + 1;
                return text;
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
                await FillAsync(cancellationToken).ConfigureAwait(false);
            var n = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, n);
            _start += n;
            copied += n;
        }
        return result;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            throw new IOException("reply line too long");
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
            throw new IOException("the server closed the connection");
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
