using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Blobasaur.Commands;
using Blobasaur.Config;
using Blobasaur.Protocol;
using Blobasaur.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Benchmarks;

// A GET and a PING through the dispatcher (table lookup, arity, handler, stats) on a warm shard, with the reply
// rendered to a buffer: everything a request costs except the socket.
[MemoryDiagnoser]
public class DispatcherBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);
    private ServerContext _server = null!;
    private Dispatcher _dispatcher = null!;
    private ClientState _client = null!;
    private RespRequest _get = null!;
    private RespRequest _ping = null!;
    private string _dir = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "blobasaur-bench", Guid.NewGuid().ToString("N"));
        var config = new BlobasaurConfig { DataDir = _dir };
        _server = new ServerContext(config, TimeProvider.System, NullLoggerFactory.Instance);
        _server.Store = BlobStore.Open(config, TimeProvider.System, NullLoggerFactory.Instance);
        _dispatcher = new Dispatcher(_server.Commands, _server);
        _client = new ClientState(1, "bench", "bench", 0);
        var key = Encoding.ASCII.GetBytes("key:000000000001");
        _server.Store.SetAsync(key, new byte[100], default).AsTask().GetAwaiter().GetResult().Dispose();
        _get = new RespRequest([Encoding.ASCII.GetBytes("GET"), key], isInline: false);
        _ping = new RespRequest([Encoding.ASCII.GetBytes("PING")], isInline: false);
        if (Get() != 108 || Ping() != 7) // "$100\r\n" + 100 bytes + "\r\n"; "+PONG\r\n"
            throw new InvalidOperationException("unexpected reply size");
    }

    [Benchmark]
    public int Get() => Run(_get);

    [Benchmark]
    public int Ping() => Run(_ping);

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
        _server.Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }
}
