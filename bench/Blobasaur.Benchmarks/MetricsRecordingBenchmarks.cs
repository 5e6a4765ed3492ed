using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Blobasaur.Commands;
using Blobasaur.Config;
using Blobasaur.Metrics.Prometheus;
using Blobasaur.Protocol;
using Blobasaur.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Benchmarks;

// The cost of recording metrics per command: PING and GET through the dispatcher with no listener on the Meter
// ([metrics] enabled = false) and with our Prometheus collector attached (enabled = true), plus one scrape.
[MemoryDiagnoser]
public class MetricsRecordingBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);
    private ServerContext _server = null!;
    private Dispatcher _dispatcher = null!;
    private ClientState _client = null!;
    private RespRequest _get = null!;
    private RespRequest _ping = null!;
    private MetricsCollector? _collector;
    private string _dir = null!;

    [Params(false, true)]
    public bool MetricsOn { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "blobasaur-bench", Guid.NewGuid().ToString("N"));
        var config = new BlobasaurConfig { DataDir = _dir };
        _server = new ServerContext(config, TimeProvider.System, NullLoggerFactory.Instance);
        _server.Store = BlobStore.Open(config, TimeProvider.System, NullLoggerFactory.Instance);
        _dispatcher = new Dispatcher(_server.Commands, _server);
        _client = new ClientState(1, "bench", "bench", 0);
        if (MetricsOn) _collector = new MetricsCollector(_server.Observers.Metrics.Meter);
        var key = Encoding.ASCII.GetBytes("key:000000000001");
        _server.Store.SetAsync(key, new byte[100], default).AsTask().GetAwaiter().GetResult().Dispose();
        _get = new RespRequest([Encoding.ASCII.GetBytes("GET"), key], isInline: false);
        _ping = new RespRequest([Encoding.ASCII.GetBytes("PING")], isInline: false);
        if (Get() != 108 || Ping() != 7)
            throw new InvalidOperationException("unexpected reply size");
        if (MetricsOn && !Scrape().Contains("blobasaur_command_duration_seconds_count{command=\"get\"} 1", StringComparison.Ordinal))
            throw new InvalidOperationException("the collector did not record the GET");
    }

    [Benchmark]
    public int Get() => Run(_get);

    [Benchmark]
    public int Ping() => Run(_ping);

    [Benchmark]
    public string Scrape() => _collector?.Scrape() ?? "";

    // The dispatcher's metrics hook alone, as called once per command.
    [Benchmark(OperationsPerInvoke = 1000)]
    public void RecordCommand()
    {
        var metrics = _server.Observers.Metrics;
        for (var i = 0; i < 1000; i++) metrics.RecordCommand("get", 1000);
    }

    private int Run(RespRequest request)
    {
        _output.ResetWrittenCount();
        var reply = _dispatcher.ExecuteAsync(request, _client, default).AsTask().GetAwaiter().GetResult();
        ReplyWriter.Write(_output, reply, ProtocolVersion.Resp2);
        return _output.WrittenCount;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector?.Dispose();
        _server.Observers.Dispose();
        _server.Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }
}
