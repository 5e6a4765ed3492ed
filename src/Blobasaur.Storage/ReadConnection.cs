using Blobasaur.Config;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

/// <summary>A live namespace: Count is its live entries; ExpiresAt its own TTL (Unix ms, null = none).</summary>
internal readonly record struct NamespaceInfo(long Id, long Count, long CreatedAt, long UpdatedAt, long Version, long? ExpiresAt = null);

// One read-only connection of a shard with its statements prepared once. In WAL mode readers never wait for the
// writer: each statement reads the last committed snapshot. Rented from ShardReadPool by one caller at a time.
internal sealed partial class ReadConnection : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Stmt _getBlob, _blobMeta, _nsMeta, _getEntry, _entryMeta, _listEntries;
    private readonly ValueCompression _compression;
    private Stmt? _readChunks;

    public ReadConnection(string path, BlobasaurConfig config, ValueCompression compression)
    {
        _compression = compression;
        _db = ShardConnection.Open(path, config, writer: false);
        ShardConnection.Execute(_db, "PRAGMA query_only = ON;");
        _getBlob = new Stmt(_db, Sql.GetBlob);
        _blobMeta = new Stmt(_db, Sql.BlobMeta);
        _nsMeta = new Stmt(_db, Sql.NamespaceMeta);
        _getEntry = new Stmt(_db, Sql.GetEntry);
        _entryMeta = new Stmt(_db, Sql.EntryMeta);
        _listEntries = new Stmt(_db, Sql.ListEntries);
    }

    /// <summary>The live value of a plain blob, copied (or decompressed) straight from SQLite's buffer into a pooled one.</summary>
    public BlobValue? GetBlob(int slot, ReadOnlySpan<byte> key, long now)
    {
        _getBlob.Bind(1, slot).Bind(2, key).Bind(3, now);
        try
        {
            if (!_getBlob.Step())
                return null;
            if (_getBlob.Int64(1) != Sql.ChunkedCodec)
                return _compression.Decode(_getBlob.Blob(0), _getBlob.Int64(1), _getBlob.Int64(2));
            var (id, size) = (_getBlob.Int64(3), _getBlob.Int64(2));
            _getBlob.Reset();
            var value = BlobValue.Rent((int)size);
            ReadChunks(id, 0, value.Writable);
            return value;
        }
        finally
        {
            _getBlob.Reset();
        }
    }

    /// <summary>Bytes [offset, offset + into.Length) of a chunked value (codec Sql.ChunkedCodec), read from the chunks that hold them.</summary>
    public void ReadChunks(long blobId, long offset, Span<byte> into) =>
        ChunkStore.Read(_readChunks ??= new Stmt(_db, Sql.ReadChunks), blobId, offset, into);

    public BlobMeta? BlobMeta(int slot, ReadOnlySpan<byte> key, long now) =>
        ReadMeta(_blobMeta.Bind(1, slot).Bind(2, key).Bind(3, now), KeyType.String);

    /// <summary>The namespace, if live: not past its TTL and with at least one live entry (a hash exists while it has fields).</summary>
    public NamespaceInfo? Namespace(int slot, ReadOnlySpan<byte> name, long now)
    {
        _nsMeta.Bind(1, slot).Bind(2, name).Bind(3, now);
        try
        {
            return _nsMeta.Step() && _nsMeta.Int64(1) > 0
                ? new NamespaceInfo(_nsMeta.Int64(0), _nsMeta.Int64(1), _nsMeta.Int64(2), _nsMeta.Int64(3), _nsMeta.Int64(4),
                    _nsMeta.NullableInt64(5))
                : null;
        }
        finally
        {
            _nsMeta.Reset();
        }
    }

    public BlobValue? GetEntry(long nsId, ReadOnlySpan<byte> key, long now)
    {
        _getEntry.Bind(1, nsId).Bind(2, key).Bind(3, now);
        try
        {
            return _getEntry.Step() ? _compression.Decode(_getEntry.Blob(0), _getEntry.Int64(1), _getEntry.Int64(2)) : null;
        }
        finally
        {
            _getEntry.Reset();
        }
    }

    public BlobMeta? EntryMeta(long nsId, ReadOnlySpan<byte> key, long now) =>
        ReadMeta(_entryMeta.Bind(1, nsId).Bind(2, key).Bind(3, now), KeyType.String);

    public List<NamespaceEntry> ListEntries(long nsId, long now, bool keys, bool values)
    {
        var list = new List<NamespaceEntry>();
        _listEntries.Bind(1, nsId).Bind(2, now);
        try
        {
            while (_listEntries.Step())
                list.Add(new NamespaceEntry(keys ? _listEntries.Blob(0).ToArray() : [],
                    values ? _compression.DecodeToArray(_listEntries.Blob(1), _listEntries.Int64(2), _listEntries.Int64(3)) : []));
        }
        finally
        {
            _listEntries.Reset();
        }
        return list;
    }

    private static BlobMeta? ReadMeta(Stmt s, KeyType type)
    {
        try
        {
            return s.Step()
                ? s.Int64(4) == Sql.ChunkedCodec
                    // Chunked: raw bytes in chunk rows; report them as an uncompressed value of its full size.
                    ? new BlobMeta(type, s.Int64(0), s.Int64(1), s.NullableInt64(2), s.Int64(3), 0, s.Int64(6), s.Int64(6))
                    : new BlobMeta(type, s.Int64(0), s.Int64(1), s.NullableInt64(2), s.Int64(3), (int)s.Int64(4), s.Int64(5), s.Int64(6))
                : null;
        }
        finally
        {
            s.Reset();
        }
    }

    public void Dispose()
    {
        _getBlob.Dispose();
        _blobMeta.Dispose();
        _nsMeta.Dispose();
        _getEntry.Dispose();
        _entryMeta.Dispose();
        _listEntries.Dispose();
        _scan?.Dispose();
        _readChunks?.Dispose();
        _db.Dispose();
    }
}
