using System.Buffers;
using System.Text;
using Blobasaur.Protocol;
using Blobasaur.Testing;

namespace Blobasaur.Tests.Protocol;

public sealed class RequestParserTests
{
    private static readonly byte[] AllBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    /// <summary>Payloads and the requests they must give, each argument shown as Latin-1 text so every byte value is visible.</summary>
    public static TheoryData<string, byte[], string[]> Payloads => new()
    {
        { "multibulk", Ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"), ["SET k hello"] },
        { "binary argument with all 256 byte values", Encode("ECHO", AllBytes), ["ECHO " + Latin1(AllBytes)] },
        { "binary argument made of CR and LF", Encode("ECHO", "\r\n\r\n"u8.ToArray()), ["ECHO \r\n\r\n"] },
        { "empty bulk", Ascii("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"), ["ECHO "] },
        { "many requests back to back",
            Ascii(string.Concat(Enumerable.Repeat("*1\r\n$4\r\nPING\r\n", 5)) + "*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n"),
            ["PING", "PING", "PING", "PING", "PING", "ECHO x"] },
        { "inline PING", Ascii("PING\r\n"), ["PING"] },
        { "inline with a bare LF", Ascii("PING\n"), ["PING"] },
        { "inline with spaces and tabs", Ascii("  SET \t k   v  \r\n"), ["SET k v"] },
        { "inline with quotes and escapes", Ascii("SET \"a b\" 'c d' \"\\x41\\x00\\xff\\n\\\"\" 'it\\'s'\r\n"),
            ["SET a b c d A\0\u00ff\n\" it's"] },
        { "inline vertical tab inside a word is kept", Ascii("ECHO a\vb \fc\r\n"), ["ECHO a\vb c"] },
        { "inline quote inside a word", Ascii("ECHO foo\"bar baz\"\r\n"), ["ECHO foobar baz"] },
        { "inline empty quotes give an empty argument", Ascii("ECHO \"\"\r\n"), ["ECHO "] },
        { "empty inline line is skipped", Ascii("\r\nPING\r\n"), ["", "PING"] },
        { "*0 is skipped without a reply", Ascii("*0\r\n*1\r\n$4\r\nPING\r\n"), ["", "PING"] },
        { "*-1 is skipped without a reply", Ascii("*-1\r\n*1\r\n$4\r\nPING\r\n"), ["", "PING"] },
        { "inline then multibulk then inline", Ascii("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO x\r\n"), ["PING", "ECHO hi", "ECHO x"] },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_in_one_segment_gives_the_expected_requests(string name, byte[] payload, string[] expected)
    {
        _ = name;
        var (requests, status, _) = ParseAll(new ReadOnlySequence<byte>(payload));
        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.Equal(expected, requests);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_split_at_every_byte_offset_gives_identical_requests(string name, byte[] payload, string[] expected)
    {
        _ = name;
        for (var offset = 0; offset <= payload.Length; offset++)
        {
            var (requests, status, _) = ParseAll(FragmentedSequence.SplitAt(payload, offset));
            Assert.True(status == OperationStatus.NeedMoreData, $"split at {offset}: {status}");
            Assert.True(expected.SequenceEqual(requests), $"split at {offset}: [{string.Join("|", requests)}]");
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_in_one_byte_pieces_gives_identical_requests(string name, byte[] payload, string[] expected)
    {
        _ = name;
        var (requests, status, _) = ParseAll(FragmentedSequence.Create(payload.Select(b => new[] { b }).ToArray()));
        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.Equal(expected, requests);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Every_prefix_of_a_payload_asks_for_more_data_and_never_fails(string name, byte[] payload, string[] expected)
    {
        _ = name;
        for (var length = 0; length < payload.Length; length++)
        {
            var (requests, status, _) = ParseAll(FragmentedSequence.SplitAt(payload[..length], length / 2));
            Assert.True(status == OperationStatus.NeedMoreData, $"prefix of {length} bytes: {status}");
            Assert.True(requests.Count <= expected.Length && expected.Take(requests.Count).SequenceEqual(requests),
                $"prefix of {length} bytes gave [{string.Join("|", requests)}]");
        }
    }

    [Fact]
    public void TryParse_of_an_incomplete_request_consumes_nothing_and_asks_for_more_than_it_has()
    {
        var payload = Ascii("*2\r\n$4\r\nECHO\r\n$10\r\n0123");
        var buffer = new ReadOnlySequence<byte>(payload);

        var status = RequestParser.TryParse(buffer, RespLimits.Default, out _, out var consumed, out var minBufferLength, out _);

        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.Equal(buffer.Start, consumed);
        Assert.Equal(payload.Length + 6 + 2, minBufferLength);   // the 6 missing payload bytes and the CRLF
    }

    [Fact]
    public void TryParse_marks_inline_requests_as_inline()
    {
        var inline = Parse(Ascii("PING\r\n"), out var status, out _);
        var multibulk = Parse(Ascii("*1\r\n$4\r\nPING\r\n"), out _, out _);

        Assert.Equal(OperationStatus.Done, status);
        Assert.True(inline.IsInline);
        Assert.False(multibulk.IsInline);
    }

    public static TheoryData<string, string> ProtocolErrors => new()
    {
        // Redis 7 networking.c texts (the part after "ERR Protocol error: ").
        { "*abc\r\n", "invalid multibulk length" },
        { "*1x\r\n", "invalid multibulk length" },
        { "*+1\r\n", "invalid multibulk length" },
        { "*01\r\n", "invalid multibulk length" },
        { "*-0\r\n", "invalid multibulk length" },
        { "*99999999999999999999\r\n", "invalid multibulk length" },
        { "*1\r\n$abc\r\n", "invalid bulk length" },
        { "*1\r\n$-1\r\n", "invalid bulk length" },
        { "*1\r\n$04\r\nPING\r\n", "invalid bulk length" },
        { "*1\r\n$4\rx", "invalid bulk length" },
        { "*1\r\nx", "expected '$', got 'x'" },
        { "*2\r\n$4\r\nECHO\r\n:1\r\n", "expected '$', got ':'" },
        { "*1\r\n$4\r\nPINGxx", "expected CRLF after bulk data" },
        { "ECHO \"unclosed\r\n", "unbalanced quotes in request" },
        { "ECHO 'unclosed\r\n", "unbalanced quotes in request" },
        { "ECHO \"closed\"glued\r\n", "unbalanced quotes in request" },
        { "*" + new string('1', 40), "too big mbulk count string" },
        { "*1\r\n$" + new string('1', 40), "too big bulk count string" },
    };

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public void Broken_framing_is_invalid_data_with_the_redis_text(string payload, string expected)
    {
        Parse(Ascii(payload), out var status, out var error);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public void Broken_framing_split_at_every_byte_gives_the_same_error(string payload, string expected)
    {
        var bytes = Ascii(payload);
        for (var offset = 0; offset <= bytes.Length; offset++)
        {
            var (_, status, error) = ParseAll(FragmentedSequence.SplitAt(bytes, offset));
            Assert.True(status == OperationStatus.InvalidData, $"split at {offset}: {status}");
            Assert.Equal(expected, error);
        }
    }

    [Theory]
    [InlineData("*2000000\r\n", "invalid multibulk length")]       // over the 1M multibulk limit
    [InlineData("*1\r\n$600000000\r\n", "invalid bulk length")]    // over proto-max-bulk-len (512 MB)
    [InlineData("*1\r\n$9223372036854775807\r\n", "invalid bulk length")]
    public void Over_limit_header_alone_is_rejected_before_any_data_arrives(string header, string expected)
    {
        Parse(Ascii(header), out var status, out var error);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Limits_are_taken_from_the_caller()
    {
        var limits = new RespLimits(MaxBulkLength: 4, MaxMultibulkLength: 2, MaxInlineLength: 8);

        var fits = Seq("*2\r\n$4\r\nECHO\r\n$4\r\nabcd\r\n");
        Assert.Equal(OperationStatus.Done, RequestParser.TryParse(fits, limits, out _, out _, out _, out _));
        Assert.Equal("invalid bulk length", Error(Seq("*2\r\n$4\r\nECHO\r\n$5\r\n"), limits));
        Assert.Equal("invalid multibulk length", Error(Seq("*3\r\n"), limits));
        Assert.Equal("too big inline request", Error(Seq("ECHO abcde"), limits));
        Assert.Equal(OperationStatus.Done, RequestParser.TryParse(Seq("ECHO abc\r\n"), limits, out _, out _, out _, out _));
    }

    [Fact]
    public void Inline_line_longer_than_64KB_without_newline_is_too_big()
    {
        var payload = Ascii(new string('a', 64 * 1024 + 1));

        Parse(payload, out var status, out var error);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal("too big inline request", error);
    }

    [Fact]
    public void Inline_line_of_exactly_the_limit_still_waits_for_its_newline()
    {
        Parse(Ascii(new string('a', 64 * 1024)), out var status, out _);

        Assert.Equal(OperationStatus.NeedMoreData, status);
    }

    [Fact]
    public void Huge_multibulk_count_asks_for_a_buffer_that_could_hold_it_instead_of_walking_it_piece_by_piece()
    {
        // 1M arguments need at least "$0\r\n\r\n" (6 bytes) each: nothing is worth parsing before that much has arrived.
        var status = RequestParser.TryParse(Seq("*1000000\r\n$4\r\nECHO\r\n"), RespLimits.Default, out _, out _, out var min, out _);

        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.True(min >= 6_000_000, $"asked for only {min} bytes");
    }

    [Fact]
    public void A_20_MB_bulk_in_64_KB_pieces_is_parsed_a_bounded_number_of_times_when_the_caller_honours_minBufferLength()
    {
        const int valueLength = 20 * 1024 * 1024;
        const int piece = 64 * 1024;
        var header = Ascii($"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${valueLength}\r\n");
        var value = new byte[valueLength];
        new Random(42).NextBytes(value);
        var payload = header.Concat(value).Concat("\r\n"u8.ToArray()).ToArray();

        // The caller is a connection read loop: data arrives in pieces; it calls the parser only once the buffer reaches the hint.
        var pieces = new List<byte[]>();
        long received = 0, needed = 0;
        var calls = 0;
        RespRequest? request = null;
        for (var offset = 0; offset < payload.Length && request is null; offset += piece)
        {
            pieces.Add(payload[offset..Math.Min(offset + piece, payload.Length)]);
            received += pieces[^1].Length;
            if (received < needed) continue;

            calls++;
            var status = RequestParser.TryParse(FragmentedSequence.Create(pieces.ToArray()), RespLimits.Default, out var parsed,
                out _, out needed, out _);
            if (status == OperationStatus.Done) request = parsed;
            else Assert.Equal(OperationStatus.NeedMoreData, status);
        }

        Assert.NotNull(request);
        Assert.Equal(value, request.Args[2]);
        Assert.InRange(calls, 1, 3);    // 320 pieces: once per piece would be 320 calls, each scanning the whole buffer
    }

    [Fact]
    public void Each_argument_is_an_exact_owned_copy_independent_of_the_input_buffer()
    {
        var payload = Encode("ECHO", "hello"u8.ToArray());
        var request = Parse(payload, out _, out _);

        Array.Clear(payload);

        Assert.Equal("hello"u8.ToArray(), request.Args[1]);
    }

    private static (List<string> Requests, OperationStatus Status, string? Error) ParseAll(ReadOnlySequence<byte> buffer)
    {
        var requests = new List<string>();
        while (true)
        {
            var status = RequestParser.TryParse(buffer, RespLimits.Default, out var request, out var consumed, out var min, out var error);
            if (status != OperationStatus.Done)
            {
                if (status == OperationStatus.NeedMoreData) Assert.True(min > buffer.Length, $"hint {min} <= buffer {buffer.Length}");
                return (requests, status, error);
            }

            Assert.NotEqual(buffer.Start, consumed);   // progress on every Done: an empty request still consumes its bytes
            requests.Add(string.Join(' ', request.Args.Select(Latin1)));
            buffer = buffer.Slice(consumed);
        }
    }

    private static RespRequest Parse(byte[] payload, out OperationStatus status, out string? error)
    {
        status = RequestParser.TryParse(new ReadOnlySequence<byte>(payload), RespLimits.Default, out var request, out _, out _, out error);
        return request;
    }

    private static string? Error(ReadOnlySequence<byte> buffer, RespLimits limits)
    {
        Assert.Equal(OperationStatus.InvalidData, RequestParser.TryParse(buffer, limits, out _, out _, out _, out var error));
        return error;
    }

    private static ReadOnlySequence<byte> Seq(string text) => new(Ascii(text));

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static byte[] Encode(string command, byte[] argument) => RespConnection.Encode(command, argument);
}
