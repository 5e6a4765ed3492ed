using System.Buffers;

namespace Blobasaur.Protocol;

/// <summary>
/// Inline requests: one line of space-separated words, with Redis's quoting rules ("..." with \n \r \t \b \a \\ \" \xHH escapes,
/// '...' with \' only). See redis sds.c sdssplitargs for the behaviour we match.
/// </summary>
internal static class InlineParser
{
    public static OperationStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        in RespLimits limits,
        out RespRequest request,
        out SequencePosition consumed,
        out long minBufferLength,
        out string? error)
    {
        request = RespRequest.Empty;
        consumed = buffer.Start;
        minBufferLength = 0;
        error = null;

        // A line may hold MaxInlineLength bytes before its "\r\n". Only look that far, so a line without '\n' is rejected,
        // never scanned again and again; and decide the same way however the line is split into reads.
        var limit = limits.MaxInlineLength;
        var window = buffer.Length > limit + 2L ? buffer.Slice(0, limit + 2L) : buffer;
        var newline = window.PositionOf((byte)'\n');
        if (newline is null)
        {
            // A trailing '\r' may be the start of the line's "\r\n": it does not count towards the limit yet.
            Span<byte> last = stackalloc byte[1];
            buffer.Slice(buffer.Length - 1).CopyTo(last);   // CopyTo, not FirstSpan: segments may be empty
            var certain = buffer.Length - (last[0] == (byte)'\r' ? 1 : 0);
            if (certain > limit) return RequestParser.Invalid("too big inline request", out error);
            minBufferLength = buffer.Length + 1;
            return OperationStatus.NeedMoreData;
        }

        var lineSeq = buffer.Slice(0, newline.Value);
        consumed = buffer.GetPosition(1, newline.Value);
        var line = lineSeq.IsSingleSegment ? lineSeq.FirstSpan : lineSeq.ToArray();
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (line.Length > limit) return RequestParser.Invalid("too big inline request", out error);

        var args = new List<byte[]>();
        if (!TrySplit(line, args)) return RequestParser.Invalid("unbalanced quotes in request", out error);
        request = args.Count == 0 ? RespRequest.Empty : new RespRequest(args.ToArray(), isInline: true);
        return OperationStatus.Done;
    }

    internal static bool TrySplit(ReadOnlySpan<byte> line, List<byte[]> args)
    {
        var i = 0;
        var current = new List<byte>();
        while (true)
        {
            while (i < line.Length && IsSpace(line[i])) i++;
            if (i >= line.Length) return true;

            current.Clear();
            var inDouble = false;
            var inSingle = false;
            var done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (i >= line.Length) return false;
                    if (line[i] == '\\' && i + 3 < line.Length && line[i + 1] == 'x' && IsHex(line[i + 2]) && IsHex(line[i + 3]))
                    {
                        current.Add((byte)(HexValue(line[i + 2]) * 16 + HexValue(line[i + 3])));
                        i += 3;
                    }
                    else if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        current.Add(line[i] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            var other => other,
                        });
                    }
                    else if (line[i] == '"')
                    {
                        // A closing quote must be followed by a space or the end of the line.
                        if (i + 1 < line.Length && !IsSpace(line[i + 1])) return false;
                        done = true;
                    }
                    else
                    {
                        current.Add(line[i]);
                    }
                }
                else if (inSingle)
                {
                    if (i >= line.Length) return false;
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '\'')
                    {
                        i++;
                        current.Add((byte)'\'');
                    }
                    else if (line[i] == '\'')
                    {
                        if (i + 1 < line.Length && !IsSpace(line[i + 1])) return false;
                        done = true;
                    }
                    else
                    {
                        current.Add(line[i]);
                    }
                }
                else if (i >= line.Length || IsWordEnd(line[i]))
                {
                    done = true;
                }
                else if (line[i] == '"')
                {
                    inDouble = true;
                }
                else if (line[i] == '\'')
                {
                    inSingle = true;
                }
                else
                {
                    current.Add(line[i]);
                }

                if (i < line.Length) i++;
            }

            args.Add(current.ToArray());
        }
    }

    // sdssplitargs skips isspace() between words, but an unquoted word ends only at ' ', '\n', '\r' or '\t':
    // "ECHO a\vb" is one argument "a\vb" in Redis.
    private static bool IsWordEnd(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\v' or (byte)'\f';

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
