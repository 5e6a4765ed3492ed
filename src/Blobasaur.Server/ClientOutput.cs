using System.IO.Pipelines;
using System.Net.Sockets;
using Blobasaur.Commands;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server;

/// <summary>
/// A client's output buffer: the <see cref="PipeWriter"/> the RESP loop writes replies into, and a pump that sends them to the
/// socket. Replies are counted from the moment they are written until the socket has taken them ("pending"), which is the
/// memory this client holds on the way out. Like Redis's client-output-buffer-limit for normal clients, a client whose pending
/// replies pass the hard limit, or stay above the soft limit for the soft seconds, is closed at once: its pending replies are
/// dropped, later replies are discarded unwritten, and a warning names it. The loop never waits for a slow reader below the
/// limits (so replies to pipelined requests keep flowing); with both limits off, a flush waits once
/// <see cref="BackpressureBytes"/> are pending, which bounds memory the way a blocking socket write would.
/// </summary>
public sealed partial class ClientOutput : PipeWriter
{
    /// <summary>With no hard limit, flushes wait (TCP backpressure) once this much more than the soft limit is pending.</summary>
    public const long BackpressureBytes = 4L << 20;

    /// <summary>Dropping at least this much pending output after an overflow starts a background garbage collection.</summary>
    private const long ReclaimAfterBytes = 32L << 20;

    /// <summary>How long closing waits for the last replies (QUIT's +OK, a protocol error) to reach a client that is not reading.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Pipe _pipe;
    private readonly Stream _stream;
    private readonly ClientBufferLimits _limits;
    private readonly ClientState _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    // Never disposed: a soft-limit timer tick racing with the end of the connection may still cancel it.
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _softLock = new();
    private readonly Task _pump;
    private long _written;        // bytes advanced into the pipe: only the RESP loop writes it
    private long _sent;           // bytes the socket has taken: the pump adds to it
    private long _softSinceMs = -1;
    private ITimer? _softTimer;
    private int _overflowed;
    private byte[]? _sink;

    public ClientOutput(Stream stream, ClientBufferLimits limits, ClientState client, ILogger logger, TimeProvider time)
    {
        _stream = stream;
        _limits = limits;
        _client = client;
        _logger = logger;
        _time = time;
        var pause = limits.OutputHard > 0 ? limits.OutputHard + 1 : Math.Max(0, limits.OutputSoft) + BackpressureBytes;
        _pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            readerScheduler: PipeScheduler.Inline,  // a flush sends at once on the flushing thread while the socket has room
            writerScheduler: PipeScheduler.ThreadPool,
            useSynchronizationContext: false));
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Reply bytes written and not yet taken by the socket.</summary>
    public long Pending => _written - Interlocked.Read(ref _sent);

    /// <summary>True once the client went over a limit: it is being closed and its output is discarded.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => Overflowed ? 0 : _pipe.Writer.UnflushedBytes;

    public override void Advance(int bytes)
    {
        if (Overflowed) return;
        _pipe.Writer.Advance(bytes);
        _written += bytes;
        if (_limits.OutputHard > 0 && Pending > _limits.OutputHard) Overflow();
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Overflowed ? Sink(sizeHint) : _pipe.Writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Overflowed ? Sink(sizeHint).Span : _pipe.Writer.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Overflowed) return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: true));
        CheckSoftLimit();
        return _pipe.Writer.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();

    /// <summary>Completes the writer without waiting for the pump (use <see cref="CompleteAsync"/> to let the last replies out).</summary>
    public override void Complete(Exception? exception = null)
    {
        _pipe.Writer.Complete(exception);
        DisarmSoftTimer();
    }

    /// <summary>Lets the replies already flushed reach the client (up to a few seconds if it does not read), then stops the pump.</summary>
    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        await _pipe.Writer.CompleteAsync(exception).ConfigureAwait(false);
        DisarmSoftTimer();
        if (!Overflowed)
        {
            try
            {
                await _pump.WaitAsync(DrainTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        // The garbage left by a dropped buffer of this size would otherwise stay in the heap (and RSS) until some later
        // allocation triggers a collection, and a plain collection keeps the pages committed for reuse. Overflows are rare, so
        // collect now and give the memory back to the OS (Aggressive decommits; it blocks for a few ms on a small heap).
        if (Overflowed && _written >= ReclaimAfterBytes) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private async Task PumpAsync()
    {
        var reader = _pipe.Reader;
        try
        {
            while (true)
            {
                // One segment at a time, consumed as soon as the socket took it, so the pipe never holds more than Pending.
                var result = await reader.ReadAsync(_abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.IsEmpty)
                {
                    reader.AdvanceTo(buffer.End);
                    if (result.IsCompleted || result.IsCanceled) break;
                    continue;
                }

                var segment = buffer.First;
                await _stream.WriteAsync(segment, _abort.Token).ConfigureAwait(false);
                Interlocked.Add(ref _sent, segment.Length);
                reader.AdvanceTo(buffer.GetPosition(segment.Length));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Closed by an overflow or at the end of the connection, or the peer went away: nothing more can be sent.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    // Redis's soft limit: over it continuously for the soft seconds. Checked at every flush, and by a timer while over it,
    // so a client that stops sending requests (and so stops causing flushes) is still closed on time.
    private void CheckSoftLimit()
    {
        if (_limits.OutputSoft <= 0 || _limits.OutputSoftSeconds < 0) return;
        var over = Pending > _limits.OutputSoft;
        if (!over && Volatile.Read(ref _softSinceMs) < 0) return;
        lock (_softLock)
        {
            over = Pending > _limits.OutputSoft;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (!over)
            {
                _softSinceMs = -1;
                _softTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            if (_softSinceMs < 0)
            {
                _softSinceMs = now;
                _softTimer ??= _time.CreateTimer(_ => CheckSoftLimit(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _softTimer.Change(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
            }

            if (now - _softSinceMs < _limits.OutputSoftSeconds * 1000L) return;
        }

        Overflow();
    }

    private void DisarmSoftTimer()
    {
        lock (_softLock)
        {
            _softTimer?.Dispose();
            _softTimer = null;
            _softSinceMs = -1;
        }
    }

    private void Overflow()
    {
        if (Interlocked.Exchange(ref _overflowed, 1) != 0) return;
        LogOverflow(_client.Id, _client.Address, Pending, _limits.OutputHard, _limits.OutputSoft, _limits.OutputSoftSeconds);
        DisarmSoftTimer();
        _client.Closing.Cancel();
        _abort.Cancel();
        _pipe.Writer.CancelPendingFlush();
    }

    // After an overflow, replies still being rendered land here and are dropped.
    private Memory<byte> Sink(int sizeHint)
    {
        var size = Math.Max(sizeHint, 4096);
        if (_sink is null || _sink.Length < size) _sink = new byte[size];
        return _sink;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "Client id={ClientId} addr={Address} scheduled to be closed ASAP for overcoming of output buffer limits " +
        "({Pending} bytes pending; client_output_buffer_limit hard {Hard}, soft {Soft} for {SoftSeconds} s)")]
    private partial void LogOverflow(long clientId, string address, long pending, long hard, long soft, int softSeconds);
}
