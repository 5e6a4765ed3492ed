using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

/// <summary>
/// A shard operation the writer runs alone, between batches and outside any transaction, on its own connection
/// (VACUUM cannot run inside a transaction; PRAGMA incremental_vacuum and checkpoints commit by themselves). Writes
/// queued behind it wait until it returns, so it must be short, or be split into steps (incremental vacuum is).
/// </summary>
internal interface IExclusiveOp
{
    void Run(SqliteConnection db);
}

internal sealed class ExclusiveOp<T>(Func<SqliteConnection, T> work) : WriteOp<T>, IExclusiveOp
{
    public override void Apply(ShardTxn txn) =>
        throw new InvalidOperationException("An exclusive op runs outside the batch transaction (ShardWriter.RunExclusive).");

    public void Run(SqliteConnection db) => Result = work(db);
}

/// <summary>Does nothing in a batch: its task completes once every write queued before it has committed.</summary>
internal sealed class BarrierOp : WriteOp<bool>
{
    public override void Apply(ShardTxn txn) => Result = true;
}

internal sealed partial class ShardWriter
{
    private void RunExclusive(IExclusiveOp exclusive)
    {
        var op = (WriteOp)exclusive;
        try
        {
            exclusive.Run(_txn.Connection);
        }
        catch (Exception ex)
        {
            op.Fail(ex);
            return;
        }
        op.Settle();
    }
}

internal sealed partial class ShardTxn
{
    /// <summary>The writer's connection, for exclusive ops (never used while a batch transaction is open).</summary>
    public SqliteConnection Connection => _db;
}
