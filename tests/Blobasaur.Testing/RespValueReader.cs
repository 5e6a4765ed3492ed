using System.Text;

namespace Blobasaur.Testing;

/// <summary>A small blocking RESP2/RESP3 reply decoder over a stream (test side only).</summary>
public static class RespValueReader
{
    public static RespValue Read(Stream stream)
    {
        var type = stream.ReadByte();
        if (type < 0) throw new EndOfStreamException("connection closed by server");
        var line = ReadLine(stream);
        switch ((char)type)
        {
            case '+' or '-' or ':' or ',' or '(':
                return new RespValue((char)type, null, null, line);
            case '#':
                return new RespValue('#', null, null, line);
            case '_':
                return new RespValue('_', null, null, null);
            case '$' or '=' or '!':
            {
                var length = int.Parse(line);
                if (length < 0) return new RespValue('$', null, null, null);
                var data = new byte[length];
                stream.ReadExactly(data);
                ReadLine(stream);
                return new RespValue(type == '!' ? '-' : (char)type, data, null, type == '!' ? Encoding.UTF8.GetString(data) : null);
            }
            case '*' or '~' or '>' or '%':
            {
                var count = int.Parse(line);
                if (count < 0) return new RespValue('*', null, null, null);
                if (type == '%') count *= 2;
                var items = new List<RespValue>(count);
                for (var i = 0; i < count; i++) items.Add(Read(stream));
                return new RespValue((char)type, null, items, null);
            }
            default:
                throw new InvalidDataException($"unexpected reply type '{(char)type}' followed by '{line}'");
        }
    }

    private static string ReadLine(Stream stream)
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) throw new EndOfStreamException("connection closed by server");
            if (b == '\r')
            {
                stream.ReadByte();
                return sb.ToString();
            }

            sb.Append((char)b);
        }
    }
}
