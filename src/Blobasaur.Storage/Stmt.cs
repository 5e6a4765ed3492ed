using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Blobasaur.Storage;

// A prepared statement kept for the life of its connection. We go below Microsoft.Data.Sqlite's command layer here
// because it binds only byte[] (a copy of every key and value) and hands results back as byte[]; the raw API binds
// ReadOnlySpan<byte> and exposes a column as a span that we copy straight into a pooled buffer.
// Not thread-safe: each statement belongs to one connection, used by one caller at a time.
internal sealed class Stmt : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public Stmt(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt, out var tail));
        if (!string.IsNullOrWhiteSpace(tail))
            throw new InvalidOperationException("One statement per Stmt: " + sql);
    }

    public Stmt Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public Stmt Bind(int index, long? value)
    {
        Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    public Stmt Bind(int index, string text)
    {
        Check(raw.sqlite3_bind_text(_stmt, index, text));
        return this;
    }

    // An empty span has no address, and a null pointer would bind SQL NULL: bind a zero-length blob instead.
    public Stmt Bind(int index, ReadOnlySpan<byte> value)
    {
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_stmt, index, 0) : raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    /// <summary>True when a row is ready; false when done. Call Reset when finished with the rows.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
            return true;
        if (rc == raw.SQLITE_DONE)
            return false;
        Reset();
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    /// <summary>Runs a statement that returns no rows; returns the number of rows changed.</summary>
    public int Execute()
    {
        try
        {
            while (Step())
            {
            }
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public long? NullableInt64(int column) =>
        raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_stmt, column);

    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_stmt, column);

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public void Reset()
    {
        raw.sqlite3_reset(_stmt);
        raw.sqlite3_clear_bindings(_stmt);
    }

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
