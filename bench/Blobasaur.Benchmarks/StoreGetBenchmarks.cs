using BenchmarkDotNet.Attributes;
using Blobasaur.Config;
using Blobasaur.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Benchmarks;

// A GET through BlobStore on a warm shard: routing, a pooled read connection, one prepared SELECT, and the copy
// into a pooled buffer. Sizes as in perf-baselines.md.
[MemoryDiagnoser]
public class StoreGetBenchmarks
{
    private const int Keys = 1000;
    private BlobStore _store = null!;
    private string _dir = null!;
    private byte[][] _keys = null!;
    private int _next;

    [Params(100, 4096, 102400)]
    public int ValueSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "blobasaur-bench", Guid.NewGuid().ToString("N"));
        _store = BlobStore.Open(new BlobasaurConfig { DataDir = _dir }, TimeProvider.System, NullLoggerFactory.Instance);
        _keys = Enumerable.Range(0, Keys).Select(i => System.Text.Encoding.ASCII.GetBytes($"key:{i:D12}")).ToArray();
        var value = new byte[ValueSize];
        new Random(1).NextBytes(value);
        _store.MSetAsync(_keys.Select(k => KeyValuePair.Create<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(k, value)).ToList(), false)
            .AsTask().GetAwaiter().GetResult();
        if (Get() != ValueSize)
            throw new InvalidOperationException("GET did not return the value written");
    }

    [Benchmark]
    public int Get()
    {
        var key = _keys[_next++ % Keys];
        using var result = _store.GetAsync(key).AsTask().GetAwaiter().GetResult();
        return result.Status == StoreStatus.Found ? result.Value!.Length : -1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }
}
