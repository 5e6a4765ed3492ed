using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Blobasaur.Commands;
using Blobasaur.Config;
using Blobasaur.Protocol;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server;

/// <summary>
/// The embeddable server: an accept loop on a raw socket (measured leaner and faster than Kestrel for RESP, see
/// docs/architecture.md), one <see cref="Connection"/> per client, maxclients, idle timeouts and graceful shutdown.
/// <c>Program.cs</c> and the tests both host it the same way: construct, <see cref="StartAsync"/>, <see cref="StopAsync"/>.
/// </summary>
public sealed partial class BlobasaurServer : IAsyncDisposable
{
    private readonly BlobasaurConfig _config;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _idleLoop = Task.CompletedTask;
    private readonly ILoggerFactory _loggers;
    private Storage.BlobStore? _store;
    private Cluster.ClusterNode? _clusterNode;
    private Observability.MetricsEndpoint? _metrics;
    private int _stopped;

    public BlobasaurServer(BlobasaurConfig config, ILoggerFactory loggers, TimeProvider? time = null, string? configFile = null)
    {
        _config = config;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Blobasaur.Server");
        Context = new ServerContext(config, time ?? TimeProvider.System, loggers) { ConfigFile = configFile };
        Context.ShutdownToken = _shutdown.Token;
        Dispatcher = new Dispatcher(Context.Commands, Context);
        Limits = new RespLimits(config.Server.ProtoMaxBulkLen, config.Server.MaxMultibulkLength, config.Server.MaxInlineLength)
        {
            MaxQueryBuffer = config.Server.ClientQueryBufferLimit,
        };
        _tls = new Tls.TlsListener(Context, loggers);
    }

    private readonly Tls.TlsListener _tls;

    /// <summary>The TLS client endpoint (Redis tls-port) when [tls] is enabled, else null.</summary>
    public IPEndPoint? TlsEndPoint => _tls.EndPoint;

    /// <summary>The TLS certificates in use when [tls] is enabled (tests watch their reloads), else null.</summary>
    public Tls.TlsCertificates? TlsCertificates => _tls.Certificates;

    public ServerContext Context { get; }
    public Dispatcher Dispatcher { get; }
    public RespLimits Limits { get; }

    /// <summary>The bound endpoint; with port 0 in the config, the port the OS picked.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("not started"));

    /// <summary>The HTTP metrics and health endpoint, when [metrics] enabled = true (null otherwise).</summary>
    public Observability.MetricsEndpoint? Metrics => _metrics;

    /// <summary>Starts the metrics endpoint (when enabled), opens the data directory, then starts listening. Throws
    /// <see cref="Storage.StorageLayoutException"/> when the data directory cannot be used (other shard count, held by another
    /// process), <see cref="ConfigException"/> when the users or the TLS files cannot be used.</summary>
    public async Task StartAsync(CancellationToken cancellation = default)
    {
        _tls.Prepare();
        if (_config.Metrics.Enabled)
        {
            _metrics = await Observability.MetricsEndpoint.StartAsync(Context, _config.Metrics.Addr, _loggers, cancellation).ConfigureAwait(false);
            LogMetricsListening(_metrics.ToString());
        }

        try
        {
            _store = Storage.BlobStore.Open(_config, Context.Time, _loggers);
        }
        catch
        {
            if (_metrics is not null) await _metrics.DisposeAsync().ConfigureAwait(false);
            _metrics = null;
            throw;
        }

        _store.ObserveBatches(Context.Observers.Metrics.RecordBatch);
        Context.Store = _store;
        Context.Keyspace = () =>
        {
            var (expires, avgTtl) = _store.KeysWithTtl();
            return new KeyspaceSummary(_store.CountKeys(), expires, avgTtl);
        };
        var endpoint = ListenAddress.Parse(_config.Addr);
        var listener = ListenSocket.Bind(endpoint);
        _listener = listener;
        Context.Port = EndPoint.Port;
        // Cluster mode: the node needs the bound port (the one it advertises), and joins before the first client is accepted.
        // A cluster layer already set (tests inject a fake one) is kept.
        if (_config.Cluster.Enabled && Context.Cluster is null)
        {
            _clusterNode = Cluster.ClusterNode.Open(
                Cluster.ClusterOptions.FromConfig(_config, endpoint.Address.ToString(), EndPoint.Port), Context.Time, _loggers);
            Context.Cluster = _clusterNode;
            await _clusterNode.StartAsync(cancellation).ConfigureAwait(false);
        }

        LogListening(EndPoint.ToString());
        _acceptLoop = Task.WhenAll(AcceptLoopAsync(listener, _tls.Plain), _tls.Start(AcceptLoopAsync));
        _idleLoop = IdleLoopAsync();
    }

    /// <summary>Stops accepting, lets every connection finish the requests it has read, flushes, then waits up to the grace period.</summary>
    public async Task StopAsync(CancellationToken cancellation = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        LogStopping();
        _listener?.Close();
        _tls.Close();
        await _shutdown.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(_connections.Values.Append(_acceptLoop).Append(_idleLoop));
        var grace = Task.Delay(_config.Server.ShutdownTimeoutMs, cancellation);
        if (await Task.WhenAny(all, grace).ConfigureAwait(false) == grace) LogShutdownTimeout(_connections.Count);
        if (_clusterNode is not null) await _clusterNode.DisposeAsync().ConfigureAwait(false);
        // Commits everything still queued (async writes included) and releases the data directory lock.
        if (_store is not null) await _store.DisposeAsync().ConfigureAwait(false);
        if (_metrics is not null) await _metrics.DisposeAsync().ConfigureAwait(false);
        Context.Observers.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, Tls.ClientTransport transport)
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(ex);
                continue;
            }

            if (Context.Clients.Count >= Context.Settings.MaxClients)
            {
                Context.Clients.CountRejected();
                _ = RejectAsync(socket);
                continue;
            }

            var id = Context.Clients.NextId();
            _connections[id] = ServeAsync(id, socket, transport);
        }
    }

    private async Task ServeAsync(long id, Socket socket, Tls.ClientTransport transport)
    {
        await Task.Yield();
        socket.NoDelay = true;
        var client = new ClientState(id, Format(socket.RemoteEndPoint), Format(socket.LocalEndPoint), Context.NowMs);
        Context.Clients.Add(client);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, client.Closing.Token);
        if (await transport.OpenAsync(socket, client, stop.Token).ConfigureAwait(false) is not { } stream)
        {
            Context.Clients.Remove(client);
            _connections.TryRemove(id, out _);
            return;
        }

        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, useZeroByteReads: true, leaveOpen: true));
        var output = new ClientOutput(stream, ClientBufferLimits.From(_config.Server), client, _logger, Context.Time);
        try
        {
            await new Connection(input, output, client, Dispatcher, Limits).RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The peer went away mid-request: nothing to answer.
        }
        catch (Exception ex)
        {
            LogConnectionFailed(ex, client.Id);
        }
        finally
        {
            Context.Clients.Remove(client);
            client.Closed();
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(id, out _);
        }
    }

    private static async Task RejectAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes($"-{RespErrors.MaxClients}\r\n"), SocketFlags.None).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>Closes connections idle for longer than the timeout setting (seconds, 0 = never), as Redis's "timeout".</summary>
    private async Task IdleLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_shutdown.Token).ConfigureAwait(false))
            {
                var timeout = Context.Settings.Timeout;
                if (timeout <= 0) continue;
                var now = Context.NowMs;
                foreach (var client in Context.Clients.All)
                    if (now - client.LastInteractionMs > timeout * 1000L) client.Closing.Cancel();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Format(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => $"{ip.Address.MapToIPv4()}:{ip.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        _ => "?",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Listening for RESP clients on {Endpoint}")]
    private partial void LogListening(string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Shutting down: no new connections, finishing in-flight requests")]
    private partial void LogStopping();

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Shutdown grace period over with {Count} connections still open")]
    private partial void LogShutdownTimeout(int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Accept failed")]
    private partial void LogAcceptFailed(Exception ex);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Connection {ClientId} failed")]
    private partial void LogConnectionFailed(Exception ex, long clientId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Serving metrics and health on {Address}")]
    private partial void LogMetricsListening(string address);
}
