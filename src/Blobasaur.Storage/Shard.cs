using Blobasaur.Config;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// One shard file: its writer (connection, transaction primitives, queue), its read pool and, with async_write,
// its inflight map.
internal sealed class Shard : IAsyncDisposable
{
    private readonly SqliteConnection _writerDb;

    private Shard(int index, SqliteConnection writerDb, ShardTxn txn, ShardWriter writer, ShardReadPool reads, InflightMap? inflight)
    {
        Index = index;
        _writerDb = writerDb;
        Txn = txn;
        Writer = writer;
        Reads = reads;
        Inflight = inflight;
    }

    public int Index { get; }
    public ShardTxn Txn { get; }
    public ShardWriter Writer { get; }
    public ShardReadPool Reads { get; }
    public InflightMap? Inflight { get; }

    public long KeyCount => Txn.BlobCount + Txn.NamespaceCount;

    public static Shard Open(int index, BlobasaurConfig config, VersionClock clock, TimeProvider time, ILogger logger,
        ValueCompression compression)
    {
        var path = ShardConnection.FileName(config.DataDir, index);
        SqliteConnection db;
        try
        {
            db = ShardConnection.Open(path, config, writer: true);
        }
        catch (SqliteException ex)
        {
            throw ShardFileCheck.Wrap(path, config.DataDir, ex);
        }

        try
        {
            ShardConnection.CreateSchema(db);
            ShardQuota.Apply(db, config.Sqlite);
            var txn = new ShardTxn(db, clock, compression);
            clock.AdvanceTo(txn.MaxVersion);
            var writer = new ShardWriter(index, txn, config.BatchSize, config.BatchTimeoutMs, time, logger);
            return new Shard(index, db, txn, writer, new ShardReadPool(path, config, compression), config.AsyncWrite ? new InflightMap() : null);
        }
        catch (SqliteException ex)
        {
            db.Dispose();
            throw ShardFileCheck.Wrap(path, config.DataDir, ex);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public async ValueTask<T> ReadAsync<TState, T>(TState state, Func<ReadConnection, TState, T> read, CancellationToken cancellationToken)
    {
        var connection = await Reads.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read(connection, state);
        }
        finally
        {
            Reads.Return(connection);
        }
    }

    public async ValueTask<T> WriteAsync<T>(WriteOp<T> op, CancellationToken cancellationToken)
    {
        await Writer.EnqueueAsync(op, cancellationToken).ConfigureAwait(false);
        return await op.Task.ConfigureAwait(false); // once queued, the op runs: the caller gets its real outcome
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync().ConfigureAwait(false);
        Txn.Dispose();
        Reads.Dispose();
        _writerDb.Dispose();
    }
}
