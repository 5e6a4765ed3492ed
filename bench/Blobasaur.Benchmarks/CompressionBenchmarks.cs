using BenchmarkDotNet.Attributes;
using Blobasaur.Compression;

namespace Blobasaur.Benchmarks;

// Compress and decompress the 64-value corpus (about 256 KB) value by value, as the store does: each value into a
// destination one byte shorter than itself, so a value that would not shrink is abandoned (and stored raw).
// MB/s = corpus bytes / mean time. GlobalSetup asserts the round trip and prints the ratio (stored / original).
// Run: dotnet run -c Release --project bench/Blobasaur.Benchmarks -- --filter '*Compression*' --job short
public class CompressionBenchmarks
{
    private byte[][] _values = null!;
    private byte[]?[] _compressed = null!; // null where the value would be stored raw
    private byte[] _scratch = null!;
    private ICompressionCodec _codec = null!;
    private int _level;

    [Params("gzip:6", "zstd:1", "zstd:3", "lz4:1", "lz4:9", "brotli:4")]
    public string Codec { get; set; } = "zstd:3";

    [Params("json", "text", "compressed")]
    public string Corpus { get; set; } = "json";

    public long CorpusBytes => _values.Sum(v => (long)v.Length);

    [GlobalSetup]
    public void Setup()
    {
        var parts = Codec.Split(':');
        _codec = CodecRegistry.ByName(parts[0]) ?? throw new InvalidOperationException(Codec);
        _level = int.Parse(parts[1]);
        _values = CompressionCorpus.Build(Corpus);
        _scratch = new byte[_values.Max(v => v.Length)];
        _compressed = [.. _values.Select(v => _codec.TryCompress(v, _scratch.AsSpan(0, v.Length - 1), _level, out var n)
            ? _scratch.AsSpan(0, n).ToArray() : null)];
        for (var i = 0; i < _values.Length; i++)
        {
            if (_compressed[i] is not { } c)
                continue;
            var back = new byte[_values[i].Length];
            _codec.Decompress(c, back);
            if (!back.AsSpan().SequenceEqual(_values[i]))
                throw new InvalidOperationException($"{Codec} did not round-trip value {i} of {Corpus}");
        }
        var stored = _values.Select((v, i) => (long)(_compressed[i]?.Length ?? v.Length)).Sum();
        Console.WriteLine($"// RATIO {Codec} {Corpus}: {stored} / {CorpusBytes} = {(double)stored / CorpusBytes:F3}, "
            + $"{_compressed.Count(c => c is null)} of {_values.Length} stored raw");
    }

    [Benchmark]
    public long Compress()
    {
        long total = 0;
        foreach (var value in _values)
            total += _codec.TryCompress(value, _scratch.AsSpan(0, value.Length - 1), _level, out var n) ? n : value.Length;
        return total;
    }

    [Benchmark]
    public long Decompress()
    {
        long total = 0;
        for (var i = 0; i < _values.Length; i++)
        {
            var destination = _scratch.AsSpan(0, _values[i].Length);
            if (_compressed[i] is { } c)
                _codec.Decompress(c, destination);
            else
                _values[i].CopyTo(destination); // stored raw: a read is a copy
            total += destination.Length;
        }
        return total;
    }
}
