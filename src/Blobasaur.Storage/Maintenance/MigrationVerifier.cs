using System.Security.Cryptography;
using Blobasaur.Hashing;
using Microsoft.Data.Sqlite;

namespace Blobasaur.Storage.Maintenance;

// --verify: every key of the old layout must be in the shard the new ring gives it, with the same stored bytes (a
// SHA-256 over the stored value, or over its chunks in order), codec, size and TTL; every hash field likewise; and the
// new layout must hold no more keys, namespaces or fields than the old one (so the mapping is one to one).
internal static class MigrationVerifier
{
    private const int MaxDescribed = 20;

    public static (long Keys, long Differences) Compare(string oldDir, string newDir, ShardRing oldRing, ShardRing newRing,
        List<string> described, IMigrationProgress progress, CancellationToken cancel)
    {
        var olds = Enumerable.Range(0, oldRing.ShardCount)
            .Select(i => MaintenanceDb.Open(ShardConnection.FileName(oldDir, i), readOnly: true)).ToArray();
        var news = Enumerable.Range(0, newRing.ShardCount)
            .Select(i => MaintenanceDb.Open(ShardConnection.FileName(newDir, i), readOnly: true)).ToArray();
        try
        {
            var total = olds.Sum(db => MaintenanceDb.Scalar(db, "SELECT (SELECT count(*) FROM blobs) + (SELECT count(*) FROM namespaces)"));
            progress.Phase("verify", total, "keys");
            long keys = 0, differences = 0;
            void Differ(string what)
            {
                differences++;
                if (described.Count < MaxDescribed)
                    described.Add(what);
            }

            for (var shard = 0; shard < olds.Length; shard++)
            {
                foreach (var row in Blobs(olds[shard]))
                {
                    cancel.ThrowIfCancellationRequested();
                    keys++;
                    progress.Advance(1);
                    var owner = newRing.ShardForSlot(row.Slot);
                    var other = FindBlob(news[owner], row.Slot, row.Key);
                    if (other is null)
                        Differ($"key {Show(row.Key)} (slot {row.Slot}) is missing from new shard {owner}");
                    else if (!Same(row, other.Value, olds[shard], news[owner]))
                        Differ($"key {Show(row.Key)} (slot {row.Slot}) differs in new shard {owner}");
                }
                foreach (var ns in Namespaces(olds[shard]))
                {
                    cancel.ThrowIfCancellationRequested();
                    keys++;
                    progress.Advance(1);
                    var owner = newRing.ShardForSlot(ns.Slot);
                    var other = FindNamespace(news[owner], ns.Slot, ns.Name);
                    if (other is null)
                    {
                        Differ($"hash {Show(ns.Name)} (slot {ns.Slot}) is missing from new shard {owner}");
                        continue;
                    }
                    if (other.Value.Count != ns.Count || other.Value.ExpiresAt != ns.ExpiresAt)
                        Differ($"hash {Show(ns.Name)} (slot {ns.Slot}) has another field count or TTL in new shard {owner}");
                    var theirs = Entries(news[owner], other.Value.Id).ToDictionary(e => Convert.ToHexString(e.Key));
                    var mine = Entries(olds[shard], ns.Id).ToList();
                    if (theirs.Count != mine.Count)
                        Differ($"hash {Show(ns.Name)} has {mine.Count} fields in the old layout and {theirs.Count} in the new one");
                    foreach (var entry in mine)
                    {
                        if (!theirs.TryGetValue(Convert.ToHexString(entry.Key), out var twin) || !entry.Equals(twin))
                            Differ($"field {Show(entry.Key)} of hash {Show(ns.Name)} is missing or differs in new shard {owner}");
                    }
                }
            }

            foreach (var table in (string[])["blobs", "namespaces"])
            {
                long before = olds.Sum(db => MaintenanceDb.Scalar(db, $"SELECT count(*) FROM {table}"));
                long after = news.Sum(db => MaintenanceDb.Scalar(db, $"SELECT count(*) FROM {table}"));
                if (before != after)
                    Differ($"{table}: {before} rows in the old layout, {after} in the new one");
            }
            return (keys, differences);
        }
        finally
        {
            foreach (var db in olds.Concat(news))
                db.Dispose();
        }
    }

    private readonly record struct BlobRow(long Id, int Slot, byte[] Key, long Codec, long Size, long? ExpiresAt, byte[] Value);

    private readonly record struct NsRow(long Id, int Slot, byte[] Name, long Count, long? ExpiresAt);

    private readonly record struct EntryRow(byte[] Key, long Codec, long Size, long? ExpiresAt, string Digest)
    {
        public bool Equals(EntryRow other) =>
            Key.AsSpan().SequenceEqual(other.Key) && Codec == other.Codec && Size == other.Size && ExpiresAt == other.ExpiresAt &&
            Digest == other.Digest;

        public override int GetHashCode() => HashCode.Combine(Codec, Size, Digest);
    }

    private static IEnumerable<BlobRow> Blobs(SqliteConnection db)
    {
        using var command = MaintenanceDb.Command(db, "SELECT id, slot, key, codec, size, expires_at, value FROM blobs ORDER BY id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return ReadBlob(reader);
    }

    private static BlobRow? FindBlob(SqliteConnection db, int slot, byte[] key)
    {
        using var command = MaintenanceDb.Command(db,
            "SELECT id, slot, key, codec, size, expires_at, value FROM blobs WHERE slot = $1 AND key = $2", slot, key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadBlob(reader) : null;
    }

    private static BlobRow ReadBlob(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetInt32(1), (byte[])r.GetValue(2), r.GetInt64(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5),
            (byte[])r.GetValue(6));

    private static bool Same(BlobRow a, BlobRow b, SqliteConnection aDb, SqliteConnection bDb) =>
        a.Codec == b.Codec && a.Size == b.Size && a.ExpiresAt == b.ExpiresAt &&
        Digest(a, aDb).AsSpan().SequenceEqual(Digest(b, bDb));

    // The checksum of the stored bytes: the inline value, or every chunk in order for a chunked value.
    private static byte[] Digest(BlobRow row, SqliteConnection db)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(row.Value);
        if (row.Codec == Sql.ChunkedCodec)
        {
            using var command = MaintenanceDb.Command(db, "SELECT n, data FROM blob_chunks WHERE blob_id = $1 ORDER BY n", row.Id);
            using var reader = command.ExecuteReader();
            var expected = 0L;
            while (reader.Read())
            {
                if (reader.GetInt64(0) != expected++)
                    hash.AppendData("gap"u8);
                hash.AppendData((byte[])reader.GetValue(1));
            }
        }
        return hash.GetHashAndReset();
    }

    private static IEnumerable<NsRow> Namespaces(SqliteConnection db)
    {
        using var command = MaintenanceDb.Command(db, "SELECT id, slot, name, entry_count, expires_at FROM namespaces ORDER BY id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return ReadNs(reader);
    }

    private static NsRow? FindNamespace(SqliteConnection db, int slot, byte[] name)
    {
        using var command = MaintenanceDb.Command(db,
            "SELECT id, slot, name, entry_count, expires_at FROM namespaces WHERE slot = $1 AND name = $2", slot, name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadNs(reader) : null;
    }

    private static NsRow ReadNs(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetInt32(1), (byte[])r.GetValue(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4));

    private static IEnumerable<EntryRow> Entries(SqliteConnection db, long nsId)
    {
        using var command = MaintenanceDb.Command(db, "SELECT key, codec, size, expires_at, value FROM entries WHERE ns_id = $1", nsId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new EntryRow((byte[])reader.GetValue(0), reader.GetInt64(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), Convert.ToHexString(SHA256.HashData((byte[])reader.GetValue(4))));
        }
    }

    private static string Show(byte[] key)
    {
        var text = System.Text.Encoding.UTF8.GetString(key, 0, Math.Min(key.Length, 64));
        return text.All(c => !char.IsControl(c)) ? $"'{text}'" : "0x" + Convert.ToHexString(key, 0, Math.Min(key.Length, 32));
    }
}
