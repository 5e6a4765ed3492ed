using System.Buffers;
using System.Text;
using Blobasaur.Protocol;

namespace Blobasaur.Tests.Protocol;

public sealed class StreamingRequestTests
{
    private static byte[] Encode(params byte[][] args)
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

    // Drives parser + streaming the way Connection does, with the bytes arriving in pieces of the given size; the caller
    // drops what was consumed after every step, so the buffer never holds the whole large argument.
    private static (RespRequest Request, long LargestBuffer) Assemble(byte[] wire, int piece)
    {
        var pending = new List<byte>();
        StreamingRequest? streaming = null;
        long largest = 0;
        for (var offset = 0; offset < wire.Length; offset += piece)
        {
            pending.AddRange(wire.AsSpan(offset, Math.Min(piece, wire.Length - offset)).ToArray());
            largest = Math.Max(largest, pending.Count);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            OperationStatus status;
            RespRequest request;
            SequencePosition consumed;
            if (streaming is null)
            {
                status = RequestParser.TryParse(buffer, RespLimits.Default, out request, out consumed, out var needed, out _);
                if (status == OperationStatus.NeedMoreData && StreamingRequest.TryStart(buffer, needed, out var started, out consumed))
                {
                    streaming = started;
                    buffer = buffer.Slice(consumed);
                    status = streaming.Feed(buffer, RespLimits.Default, out request, out consumed, out _);
                }
            }
            else
            {
                status = streaming.Feed(buffer, RespLimits.Default, out request, out consumed, out _);
            }

            Assert.NotEqual(OperationStatus.InvalidData, status);
            if (status == OperationStatus.Done) return (request, largest);
            if (streaming is not null) pending = [.. buffer.Slice(consumed).ToArray()];
        }

        throw new InvalidOperationException("request never completed");
    }

    [Theory]
    [InlineData(1021)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void A_large_set_split_into_pieces_assembles_the_same_arguments_without_buffering_the_value(int piece)
    {
        var value = new byte[3 * StreamingRequest.Threshold + 5];
        new Random(42).NextBytes(value);
        var wire = Encode("SET"u8.ToArray(), "key"u8.ToArray(), value, "EX"u8.ToArray(), "100"u8.ToArray());

        var (request, largest) = Assemble(wire, piece);

        Assert.Equal(5, request.Count);
        Assert.Equal("SET"u8.ToArray(), request.Args[0]);
        Assert.Equal(value, request.Args[2]);
        Assert.Equal("100"u8.ToArray(), request.Args[4]);
        Assert.True(largest < StreamingRequest.Threshold, $"the buffer grew to {largest} bytes");
    }

    [Fact]
    public void Two_large_arguments_in_one_request_are_both_streamed()
    {
        var a = Enumerable.Repeat((byte)'a', StreamingRequest.Threshold + 1).ToArray();
        var b = Enumerable.Repeat((byte)'b', StreamingRequest.Threshold * 2).ToArray();
        var (request, _) = Assemble(Encode("MSET"u8.ToArray(), "a"u8.ToArray(), a, "b"u8.ToArray(), b), 65536);

        Assert.Equal(a, request.Args[2]);
        Assert.Equal(b, request.Args[4]);
    }

    [Fact]
    public void A_bulk_longer_than_the_limit_is_refused_while_streaming()
    {
        var start = "*2\r\n$3\r\nSET\r\n$2000000\r\n"u8.ToArray();
        var buffer = new ReadOnlySequence<byte>(start);
        Assert.Equal(OperationStatus.NeedMoreData, RequestParser.TryParse(buffer, RespLimits.Default, out _, out _, out var needed, out _));
        Assert.True(StreamingRequest.TryStart(buffer, needed, out var streaming, out var consumed));

        var tight = RespLimits.Default with { MaxBulkLength = 1_000_000 };
        Assert.Equal(OperationStatus.InvalidData, streaming.Feed(buffer.Slice(consumed), tight, out _, out _, out var error));
        Assert.Equal("invalid bulk length", error);
    }
}
