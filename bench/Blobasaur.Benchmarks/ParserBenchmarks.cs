using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Blobasaur.Protocol;

namespace Blobasaur.Benchmarks;

// The RESP request parser on what redis-benchmark sends: a pipelined batch of 16 GET/SET requests in one buffer,
// and one 100 KB SET. Each call parses every request in the buffer, as Connection does per read.
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private ReadOnlySequence<byte> _pipelined;
    private ReadOnlySequence<byte> _large;

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            sb.Append($"*3\r\n$3\r\nSET\r\n$16\r\nkey:{i:D12}\r\n$3\r\nVXK\r\n");
            sb.Append($"*2\r\n$3\r\nGET\r\n$16\r\nkey:{i:D12}\r\n");
        }

        _pipelined = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(sb.ToString()));
        var value = new string('x', 100 * 1024);
        _large = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n${value.Length}\r\n{value}\r\n"));
        if (ParsePipelined() != 16 || ParseLarge() != 1)
            throw new InvalidOperationException("parser did not find every request");
    }

    [Benchmark]
    public int ParsePipelined() => ParseAll(_pipelined);

    [Benchmark]
    public int ParseLarge() => ParseAll(_large);

    private static int ParseAll(ReadOnlySequence<byte> buffer)
    {
        var count = 0;
        while (RequestParser.TryParse(buffer, RespLimits.Default, out _, out var consumed, out _, out _) == OperationStatus.Done)
        {
            count++;
            buffer = buffer.Slice(consumed);
        }

        return count;
    }
}
