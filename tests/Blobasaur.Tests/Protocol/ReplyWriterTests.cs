using System.Buffers;
using System.Text;
using Blobasaur.Protocol;

namespace Blobasaur.Tests.Protocol;

public sealed class ReplyWriterTests
{
    private static readonly Reply MapReply = Reply.Map(
    [
        new(Reply.Bulk("server"), Reply.Bulk("redis")),
        new(Reply.Bulk("proto"), Reply.Integer(3)),
    ]);

    public static TheoryData<string, Reply, string, string> Cases => new()
    {
        // name, reply, RESP2 bytes, RESP3 bytes
        { "simple", Reply.Ok, "+OK\r\n", "+OK\r\n" },
        { "error", Reply.Error("ERR syntax error"), "-ERR syntax error\r\n", "-ERR syntax error\r\n" },
        { "integer", Reply.Integer(42), ":42\r\n", ":42\r\n" },
        { "negative integer", Reply.Integer(-2), ":-2\r\n", ":-2\r\n" },
        { "large integer", Reply.Integer(long.MinValue), ":-9223372036854775808\r\n", ":-9223372036854775808\r\n" },
        { "bulk", Reply.Bulk("hello"), "$5\r\nhello\r\n", "$5\r\nhello\r\n" },
        { "empty bulk", Reply.Bulk([]), "$0\r\n\r\n", "$0\r\n\r\n" },
        { "null bulk", Reply.Null, "$-1\r\n", "_\r\n" },
        { "null array", Reply.NullArray, "*-1\r\n", "_\r\n" },
        { "empty array", Reply.EmptyArray, "*0\r\n", "*0\r\n" },
        { "array", Reply.Array([Reply.Bulk("a"), Reply.Integer(1), Reply.Null]),
            "*3\r\n$1\r\na\r\n:1\r\n$-1\r\n", "*3\r\n$1\r\na\r\n:1\r\n_\r\n" },
        { "nested array", Reply.Array([Reply.Array([Reply.Ok])]), "*1\r\n*1\r\n+OK\r\n", "*1\r\n*1\r\n+OK\r\n" },
        { "map", MapReply,
            "*4\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n", "%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n" },
        { "empty map", Reply.Map([]), "*0\r\n", "%0\r\n" },
        { "set", Reply.Set([Reply.Simple("write"), Reply.Simple("fast")]), "*2\r\n+write\r\n+fast\r\n", "~2\r\n+write\r\n+fast\r\n" },
        { "double", Reply.Double(1.5), "$3\r\n1.5\r\n", ",1.5\r\n" },
        { "negative double", Reply.Double(-0.25), "$5\r\n-0.25\r\n", ",-0.25\r\n" },
        { "infinite double", Reply.Double(double.PositiveInfinity), "$3\r\ninf\r\n", ",inf\r\n" },
        { "negative infinite double", Reply.Double(double.NegativeInfinity), "$4\r\n-inf\r\n", ",-inf\r\n" },
        { "true", Reply.Boolean(true), ":1\r\n", "#t\r\n" },
        { "false", Reply.Boolean(false), ":0\r\n", "#f\r\n" },
        { "verbatim", Reply.Verbatim("# Server\r\n"), "$10\r\n# Server\r\n\r\n", "=14\r\ntxt:# Server\r\n\r\n" },
        { "verbatim markdown", Reply.Verbatim("*x*", "mkd"), "$3\r\n*x*\r\n", "=7\r\nmkd:*x*\r\n" },
        { "map inside array", Reply.Array([Reply.Map([new(Reply.Bulk("k"), Reply.Null)])]),
            "*1\r\n*2\r\n$1\r\nk\r\n$-1\r\n", "*1\r\n%1\r\n$1\r\nk\r\n_\r\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_in_resp2_gives_the_exact_bytes(string name, Reply reply, string resp2, string resp3)
    {
        _ = (name, resp3);
        Assert.Equal(resp2, Render(reply, ProtocolVersion.Resp2));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_in_resp3_gives_the_exact_bytes(string name, Reply reply, string resp2, string resp3)
    {
        _ = (name, resp2);
        Assert.Equal(resp3, Render(reply, ProtocolVersion.Resp3));
    }

    [Fact]
    public void Write_of_binary_bulk_is_byte_exact()
    {
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var writer = new ArrayBufferWriter<byte>();

        ReplyWriter.Write(writer, Reply.Bulk(value), ProtocolVersion.Resp2);

        Assert.Equal("$256\r\n"u8.ToArray().Concat(value).Concat("\r\n"u8.ToArray()), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Write_of_a_bulk_larger_than_one_buffer_segment_is_complete()
    {
        var value = new byte[300_000];
        new Random(7).NextBytes(value);
        var writer = new ArrayBufferWriter<byte>(16);

        ReplyWriter.Write(writer, Reply.Bulk(value), ProtocolVersion.Resp3);

        Assert.Equal(value, writer.WrittenSpan[9..^2].ToArray());
        Assert.Equal("$300000\r\n", Encoding.ASCII.GetString(writer.WrittenSpan[..9]));
    }

    [Fact]
    public void Write_disposes_the_owner_of_a_pooled_bulk_once_written()
    {
        var owner = new CountingOwner();

        ReplyWriter.Write(new ArrayBufferWriter<byte>(), Reply.Bulk("abc"u8.ToArray(), owner), ProtocolVersion.Resp2);

        Assert.Equal(1, owner.Disposed);
    }

    [Fact]
    public void Discard_releases_pooled_bulks_inside_arrays()
    {
        var owner = new CountingOwner();

        ReplyWriter.Discard(Reply.Array([Reply.Ok, Reply.Bulk("abc"u8.ToArray(), owner)]));

        Assert.Equal(1, owner.Disposed);
    }

    [Fact]
    public void Error_text_with_non_ascii_characters_is_written_as_utf8()
    {
        Assert.Equal("-ERR é\r\n", Render(Reply.Error("ERR é"), ProtocolVersion.Resp2));
    }

    private static string Render(Reply reply, ProtocolVersion protocol)
    {
        var writer = new ArrayBufferWriter<byte>();
        ReplyWriter.Write(writer, reply, protocol);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }

    private sealed class CountingOwner : IDisposable
    {
        public int Disposed { get; private set; }

        public void Dispose() => Disposed++;
    }
}
