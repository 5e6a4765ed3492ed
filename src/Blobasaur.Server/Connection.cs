using System.Buffers;
using System.IO.Pipelines;
using Blobasaur.Commands;
using Blobasaur.Protocol;

namespace Blobasaur.Server;

/// <summary>
/// One client connection's RESP loop, written against <see cref="PipeReader"/>/<see cref="PipeWriter"/> only so the transport stays
/// swappable (sockets today, TLS or Kestrel later). Per read: parse every complete request in the buffer, execute them in order,
/// write all replies, flush once. Consecutive write commands are started without waiting for each other's commit, so a pipelined
/// batch of writes reaches the shard writers together (group commit); anything else first waits for the replies before it, so
/// every command observes the effects of the commands sent before it. Replies always go out in request order.
/// </summary>
public sealed partial class Connection(PipeReader input, PipeWriter output, ClientState client, Dispatcher dispatcher, RespLimits limits)
{
    /// <summary>Writes in flight per connection before the loop waits for the oldest (bounds memory per client).</summary>
    private const int MaxPendingWrites = 512;

    /// <summary>Replies are flushed early once this much output is buffered, so a batch of large GETs never piles up in memory.</summary>
    private const long FlushThresholdBytes = 1 << 20;

    private readonly Queue<Task<Reply>> _pending = new();
    private StreamingRequest? _streaming;
    private long _unparsed;
    private readonly ServerContext _server = dispatcher.Server;
    private readonly RespLimits _unauthenticatedLimits = limits.ForUnauthenticated();

    /// <summary>Until the client authenticates (when a password is required), requests are capped as in Redis.</summary>
    private RespLimits Limits => _server.Security.IsAuthenticated(Client) ? limits : _unauthenticatedLimits;

    public ClientState Client { get; } = client;

    /// <summary>Runs until the client disconnects, sends QUIT, breaks the framing, or <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        long needed = 0;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await ReadAheadAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var buffer = result.Buffer;
            var close = false;
            Client.Figures.Received(buffer.Length - _unparsed);
            if (buffer.Length >= needed)
            {
                (buffer, needed, close) = await ProcessAsync(buffer).ConfigureAwait(false);
            }

            Client.Figures.Unparsed(_unparsed = buffer.Length);
            close |= QueryBufferExceeded(buffer);
            input.AdvanceTo(buffer.Start, buffer.End);
            if (close || result.IsCompleted) await DrainAsync().ConfigureAwait(false);
            else WriteCompleted();
            var flush = await FlushAsync().ConfigureAwait(false);
            if (close || result.IsCompleted || flush.IsCompleted) return;
        }
    }

    /// <summary>
    /// Waits for more input while started writes are still committing, and sends their replies (in order) as soon as they
    /// complete. A client that keeps pipelining writes (redis-cli --pipe) so keeps the shard writers fed, instead of
    /// waiting one commit per read.
    /// </summary>
    private async ValueTask<ReadResult> ReadAheadAsync(CancellationToken stop)
    {
        var read = input.ReadAsync(stop);
        if (read.IsCompleted || (_pending.Count == 0 && Client.Monitor is null)) return await read.ConfigureAwait(false);
        var readTask = read.AsTask();
        while (!readTask.IsCompleted && (_pending.Count > 0 || Client.Monitor is not null))
        {
            await Task.WhenAny(readTask, _pending.Count > 0 ? _pending.Peek() : MonitorWaitAsync(stop)).ConfigureAwait(false);
            WriteCompleted();
            WriteMonitorLines();
            await FlushAsync().ConfigureAwait(false);
        }

        return await readTask.ConfigureAwait(false);
    }

    /// <summary>Parses and runs every complete request in <paramref name="buffer"/>; returns what is left unparsed.</summary>
    private async ValueTask<(ReadOnlySequence<byte> Remaining, long Needed, bool Close)> ProcessAsync(ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            OperationStatus status;
            RespRequest request;
            SequencePosition consumed;
            string? error;
            long needed = 0;
            if (_streaming is not null)
            {
                status = _streaming.Feed(buffer, Limits, out request, out consumed, out error);
                if (status != OperationStatus.NeedMoreData) _streaming = null;
            }
            else
            {
                status = RequestParser.TryParse(buffer, Limits, out request, out consumed, out needed, out error);
                if (status == OperationStatus.NeedMoreData && StreamingRequest.TryStart(buffer, needed, out var streaming, out consumed))
                {
                    // A large request: copy its arguments out as they arrive instead of holding all of it in the pipe.
                    _streaming = streaming;
                    buffer = buffer.Slice(consumed);
                    continue;
                }
            }

            if (status == OperationStatus.NeedMoreData) return (_streaming is null ? buffer : buffer.Slice(consumed), needed, false);
            if (status == OperationStatus.InvalidData)
            {
                await DrainAsync().ConfigureAwait(false);
                Write(Reply.Error(RespErrors.ProtocolError(error!)));
                return (buffer.Slice(buffer.End), 0, true);
            }

            buffer = buffer.Slice(consumed);
            if (Closing) return (buffer.Slice(buffer.End), 0, true);
            if (request.IsEmpty) continue;
            Client.Touch(_server.NowMs);
            await ExecuteAsync(request).ConfigureAwait(false);
            if (Client.CloseAfterReply) return (buffer.Slice(buffer.End), 0, true);
            if (output.UnflushedBytes > FlushThresholdBytes)
                await FlushAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask ExecuteAsync(RespRequest request)
    {
        if (!dispatcher.TryResolve(request.Args, out var definition, out var error))
        {
            await DrainAsync().ConfigureAwait(false);
            Write(error!);
            return;
        }

        var overlaps = definition.IsWrite && _pending.Count < MaxPendingWrites;
        if (!overlaps) await DrainAsync().ConfigureAwait(false);

        Client.Figures.Executed();
        var reply = dispatcher.ExecuteAsync(definition, request.Args, Client, _server.ShutdownToken);
        if (reply.IsCompletedSuccessfully && _pending.Count == 0) Write(reply.Result);
        else if (definition.IsWrite) _pending.Enqueue(reply.AsTask());
        else Write(await reply.ConfigureAwait(false));
    }

    /// <summary>Waits for the replies of started writes, in order, and writes them.</summary>
    private async ValueTask DrainAsync()
    {
        while (_pending.TryDequeue(out var next)) Write(await next.ConfigureAwait(false));
    }

    /// <summary>Writes the replies of started writes that have completed, in order, stopping at the first still running.</summary>
    private void WriteCompleted()
    {
        while (_pending.TryPeek(out var head) && head.IsCompleted) Write(_pending.Dequeue().GetAwaiter().GetResult());
    }

    private void Write(Reply reply) => ReplyWriter.Write(output, reply, Client.Protocol);
}
