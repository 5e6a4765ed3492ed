using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

internal readonly record struct BlobRow(long Id, long Size, long CreatedAt, long? ExpiresAt)
{
    public bool IsLive(long now) => ExpiresAt is not { } at || at > now;
}

internal readonly record struct NamespaceRow(long Id, long Count);

internal readonly record struct EntryRow(long Id, long CreatedAt, long? ExpiresAt)
{
    public bool IsLive(long now) => ExpiresAt is not { } at || at > now;
}

// The writer's view of its shard: prepared statements on the writer connection plus the primitives that write ops
// are built from. Everything runs inside the writer's open transaction, so ops see the effects of earlier ops of
// the same batch. Only the shard's writer task touches it.
internal sealed partial class ShardTxn : IDisposable
{
    // A namespace with at most this many entries is deleted inline; a bigger one is marked and swept in chunks
    // of this size by later transactions, so DEL of a huge namespace never holds the writer for long.
    public const int SweepChunk = 2000;

    private readonly SqliteConnection _db;
    private readonly VersionClock _clock;
    private readonly ValueCompression _compression;
    private readonly Stmt _begin, _commit, _rollback, _readMeta, _writeMeta;
    private readonly Stmt _findBlob, _readBlob, _insertBlob, _updateBlob, _deleteBlob;
    private readonly Stmt _findNs, _insertNs, _updateNs, _deleteNs, _deleteEntriesOf, _markDropped, _nextDropped, _unmarkDropped,
        _deleteChunk;
    private readonly Stmt _findEntry, _insertEntry, _updateEntry, _deleteEntry;

    public ShardTxn(SqliteConnection db, VersionClock clock, ValueCompression compression)
    {
        _db = db;
        _clock = clock;
        _compression = compression;
        _begin = new Stmt(db, "BEGIN IMMEDIATE");
        _commit = new Stmt(db, "COMMIT");
        _rollback = new Stmt(db, "ROLLBACK");
        _readMeta = new Stmt(db, Sql.ReadMeta);
        _writeMeta = new Stmt(db, Sql.WriteMeta);
        _findBlob = new Stmt(db, Sql.FindBlob);
        _readBlob = new Stmt(db, Sql.ReadBlobById);
        _insertBlob = new Stmt(db, Sql.InsertBlob);
        _updateBlob = new Stmt(db, Sql.UpdateBlob);
        _deleteBlob = new Stmt(db, Sql.DeleteBlob);
        _findNs = new Stmt(db, Sql.FindNamespace);
        _insertNs = new Stmt(db, Sql.InsertNamespace);
        _updateNs = new Stmt(db, Sql.UpdateNamespace);
        _deleteNs = new Stmt(db, Sql.DeleteNamespace);
        _deleteEntriesOf = new Stmt(db, Sql.DeleteEntriesOf);
        _markDropped = new Stmt(db, Sql.MarkDropped);
        _nextDropped = new Stmt(db, Sql.NextDropped);
        _unmarkDropped = new Stmt(db, Sql.UnmarkDropped);
        _deleteChunk = new Stmt(db, Sql.DeleteEntriesChunk);
        _findEntry = new Stmt(db, Sql.FindEntry);
        _insertEntry = new Stmt(db, Sql.InsertEntry);
        _updateEntry = new Stmt(db, Sql.UpdateEntry);
        _deleteEntry = new Stmt(db, Sql.DeleteEntry);

        BlobCount = ReadMeta("blob_count");
        NamespaceCount = ReadMeta("ns_count");
        MaxVersion = ReadMeta("max_version");
        HasDropped = _nextDropped.Step();
        _nextDropped.Reset();
    }

    /// <summary>Committed counters (DBSIZE): physical rows, so an expired but unswept key still counts, as in Redis.</summary>
    public long BlobCount { get; private set; }
    public long NamespaceCount { get; private set; }
    public long MaxVersion { get; private set; }
    public bool HasDropped { get; private set; }

    /// <summary>The time of the current transaction, Unix ms: one clock reading per batch.</summary>
    public long Now { get; private set; }

    private long _blobDelta, _nsDelta, _txnMaxVersion;

    public void Begin(long now)
    {
        Now = now;
        _blobDelta = _nsDelta = _expiredDelta = 0;
        _txnMaxVersion = MaxVersion;
        _begin.Execute();
    }

    public void Commit()
    {
        WriteMeta("blob_count", BlobCount + _blobDelta);
        WriteMeta("ns_count", NamespaceCount + _nsDelta);
        WriteMeta("max_version", _txnMaxVersion);
        _commit.Execute();
        BlobCount += _blobDelta;
        NamespaceCount += _nsDelta;
        ExpiredKeys += _expiredDelta;
        MaxVersion = _txnMaxVersion;
    }

    public void Rollback()
    {
        if (!_db.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_db.Handle) == 0)
            _rollback.Execute();
    }

    public long NextVersion() => _txnMaxVersion = _clock.Next();

    private long ReadMeta(string name)
    {
        _readMeta.Bind(1, name);
        try
        {
            return _readMeta.Step() ? _readMeta.Int64(0) : 0;
        }
        finally
        {
            _readMeta.Reset();
        }
    }

    private void WriteMeta(string name, long value)
    {
        _writeMeta.Bind(1, name).Bind(2, value).Execute();
    }

    public void Dispose()
    {
        foreach (var s in new[]
                 {
                     _begin, _commit, _rollback, _readMeta, _writeMeta, _findBlob, _readBlob, _insertBlob, _updateBlob,
                     _deleteBlob, _findNs, _insertNs, _updateNs, _deleteNs, _deleteEntriesOf, _markDropped, _nextDropped,
                     _unmarkDropped, _deleteChunk, _findEntry, _insertEntry, _updateEntry, _deleteEntry,
                 })
            s.Dispose();
        DisposeExpiry();
        _readChunks?.Dispose();
        _insertChunk?.Dispose();
        _ranges?.Dispose();
    }
}
