using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage;

internal sealed partial class ReadConnection
{
    /// <summary>
    /// INFO keyspace: live keys with a TTL in this shard and the sum of their remaining ms. O(keys with a TTL) through the
    /// partial expires_at indexes; INFO is rare, so the statement is not kept prepared.
    /// </summary>
    public (long Count, long SumTtlMs) KeysWithTtl(long now)
    {
        using var command = new SqliteCommand(Sql.KeysWithTtl, _db);
        command.Parameters.AddWithValue("?1", now);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
