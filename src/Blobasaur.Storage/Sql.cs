namespace Blobasaur.Storage;

// Every SQL text of the storage layer. Parameters only: no SQL is ever built from keys, values or namespace names.
// Numbered parameters (?1, ?2, ...) are bound by position in Stmt.
//
// Schema notes (docs/storage.md has the why):
// - rowid tables, never WITHOUT ROWID: 3.4x smaller and 4x faster here for 1 KiB values, and SqliteBlob needs a rowid.
// - one UNIQUE index (slot, key): the slot is always known (it routed the request), so the same index serves point
//   lookups and "all keys of a slot" for migration, and each write maintains one index instead of two.
// - entries reference their namespace by id: the name is stored once, and a dropped namespace's entries can be swept
//   in the background while the name is reused (AUTOINCREMENT guarantees an id is never handed out twice).
// - size is the value's length as written (STRLEN without decompressing); length(value) is the stored size.
internal static class Sql
{
    // 1: the tables below. 2: namespaces.expires_at and two expiry indexes (ExpirySchema.Migrate, run at every open).
    public const int SchemaVersion = 2;

    // Must run before the first table exists: neither can change afterwards in WAL mode without a VACUUM.
    public const string CreationPragmas = "PRAGMA page_size = 16384; PRAGMA auto_vacuum = INCREMENTAL;";

    public const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS blobs (
            id INTEGER PRIMARY KEY,
            slot INTEGER NOT NULL,
            key BLOB NOT NULL,
            value BLOB NOT NULL,
            codec INTEGER NOT NULL,
            size INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            expires_at INTEGER,
            version INTEGER NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS blobs_slot_key ON blobs (slot, key);
        CREATE INDEX IF NOT EXISTS blobs_expires ON blobs (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE IF NOT EXISTS namespaces (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            slot INTEGER NOT NULL,
            name BLOB NOT NULL,
            entry_count INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            version INTEGER NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS namespaces_slot_name ON namespaces (slot, name);
        CREATE TABLE IF NOT EXISTS entries (
            id INTEGER PRIMARY KEY,
            ns_id INTEGER NOT NULL,
            key BLOB NOT NULL,
            value BLOB NOT NULL,
            codec INTEGER NOT NULL,
            size INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            expires_at INTEGER,
            version INTEGER NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS entries_ns_key ON entries (ns_id, key);
        CREATE INDEX IF NOT EXISTS entries_expires ON entries (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE IF NOT EXISTS dropped_namespaces (id INTEGER PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta (name, value) VALUES
            ('schema', 1), ('max_version', 0), ('blob_count', 0), ('ns_count', 0);
        """;

    public const string ReadMeta = "SELECT value FROM meta WHERE name = ?1";
    public const string WriteMeta = "UPDATE meta SET value = ?2 WHERE name = ?1";

    // Writer side.
    public const string FindBlob =
        "SELECT id, size, created_at, expires_at FROM blobs WHERE slot = ?1 AND key = ?2";
    public const string ReadBlobById = "SELECT value, codec, size FROM blobs WHERE id = ?1";
    public const string InsertBlob = """
        INSERT INTO blobs (slot, key, value, codec, size, created_at, updated_at, expires_at, version)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)
        """;
    public const string UpdateBlob = """
        UPDATE blobs SET value = ?2, codec = ?3, size = ?4, created_at = ?5, updated_at = ?6, expires_at = ?7, version = ?8
        WHERE id = ?1
        """;
    public const string DeleteBlob = "DELETE FROM blobs WHERE id = ?1";

    // ?3 is "now": the last column counts entries that expired but were not swept yet (see ShardTxn.FindNamespace).
    public const string FindNamespace = """
        SELECT n.id, n.entry_count, n.expires_at,
            (SELECT count(*) FROM entries e WHERE e.ns_id = n.id AND e.expires_at IS NOT NULL AND e.expires_at <= ?3)
        FROM namespaces n WHERE n.slot = ?1 AND n.name = ?2
        """;
    public const string InsertNamespace = """
        INSERT INTO namespaces (slot, name, entry_count, created_at, updated_at, version) VALUES (?1, ?2, 0, ?3, ?3, ?4)
        """;
    public const string UpdateNamespace = "UPDATE namespaces SET entry_count = ?2, updated_at = ?3, version = ?4 WHERE id = ?1";
    public const string DeleteNamespace = "DELETE FROM namespaces WHERE id = ?1";
    public const string DeleteEntriesOf = "DELETE FROM entries WHERE ns_id = ?1";
    public const string MarkDropped = "INSERT INTO dropped_namespaces (id) VALUES (?1)";
    public const string NextDropped = "SELECT id FROM dropped_namespaces LIMIT 1";
    public const string UnmarkDropped = "DELETE FROM dropped_namespaces WHERE id = ?1";
    public const string DeleteEntriesChunk =
        "DELETE FROM entries WHERE id IN (SELECT id FROM entries WHERE ns_id = ?1 LIMIT ?2)";

    public const string FindEntry = "SELECT id, created_at, expires_at FROM entries WHERE ns_id = ?1 AND key = ?2";
    public const string InsertEntry = """
        INSERT INTO entries (ns_id, key, value, codec, size, created_at, updated_at, expires_at, version)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, NULL, ?7)
        """;
    public const string UpdateEntry = """
        UPDATE entries SET value = ?2, codec = ?3, size = ?4, created_at = ?5, updated_at = ?6, expires_at = NULL, version = ?7
        WHERE id = ?1
        """;
    public const string DeleteEntry = "DELETE FROM entries WHERE id = ?1";

    public const string FlushAll = """
        DELETE FROM blobs; DELETE FROM blob_chunks; DELETE FROM entries; DELETE FROM namespaces; DELETE FROM dropped_namespaces;
        UPDATE meta SET value = 0 WHERE name IN ('blob_count', 'ns_count');
        """;

    // Reader side. ?3 is "now": a row whose expires_at has passed is invisible before the sweeper removes it.
    public const string GetBlob = """
        SELECT value, codec, size, id FROM blobs WHERE slot = ?1 AND key = ?2 AND (expires_at IS NULL OR expires_at > ?3)
        """;
    public const string BlobMeta = """
        SELECT created_at, updated_at, expires_at, version, codec, length(value), size
        FROM blobs WHERE slot = ?1 AND key = ?2 AND (expires_at IS NULL OR expires_at > ?3)
        """;
    // The count is of live entries: expired but unswept ones are subtracted (an index range over entries_ns_expires).
    public const string NamespaceMeta = """
        SELECT n.id,
            n.entry_count - (SELECT count(*) FROM entries e WHERE e.ns_id = n.id AND e.expires_at IS NOT NULL AND e.expires_at <= ?3),
            n.created_at, n.updated_at, n.version, n.expires_at
        FROM namespaces n WHERE n.slot = ?1 AND n.name = ?2 AND (n.expires_at IS NULL OR n.expires_at > ?3)
        """;
    public const string GetEntry = """
        SELECT value, codec, size FROM entries WHERE ns_id = ?1 AND key = ?2 AND (expires_at IS NULL OR expires_at > ?3)
        """;
    public const string EntryMeta = """
        SELECT created_at, updated_at, expires_at, version, codec, length(value), size
        FROM entries WHERE ns_id = ?1 AND key = ?2 AND (expires_at IS NULL OR expires_at > ?3)
        """;
    public const string ListEntries = """
        SELECT key, value, codec, size FROM entries WHERE ns_id = ?1 AND (expires_at IS NULL OR expires_at > ?2) ORDER BY key
        """;

    // Expiry (issue 4). TTL setters, the sweeper's chunked deletes and the INFO keyspace figures. ?1 is "now" unless noted.
    public const string MigrateToV2 = """
        ALTER TABLE namespaces ADD COLUMN expires_at INTEGER;
        CREATE INDEX IF NOT EXISTS namespaces_expires ON namespaces (expires_at) WHERE expires_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS entries_ns_expires ON entries (ns_id, expires_at) WHERE expires_at IS NOT NULL;
        UPDATE meta SET value = 2 WHERE name = 'schema';
        """;
    public const string SetBlobExpiry = "UPDATE blobs SET expires_at = ?2, version = ?3 WHERE id = ?1";
    public const string SetNamespaceExpiry = "UPDATE namespaces SET expires_at = ?2, version = ?3 WHERE id = ?1";
    public const string SetEntryExpiry = "UPDATE entries SET expires_at = ?3, version = ?4 WHERE ns_id = ?1 AND key = ?2";
    public const string ReadEntryById = "SELECT value, codec, size FROM entries WHERE id = ?1";
    public const string SweepBlobs =
        "DELETE FROM blobs WHERE id IN (SELECT id FROM blobs WHERE expires_at IS NOT NULL AND expires_at <= ?1 LIMIT ?2)";
    public const string ExpiredNamespaces =
        "SELECT id, entry_count FROM namespaces WHERE expires_at IS NOT NULL AND expires_at <= ?1 LIMIT ?2";
    public const string ExpiredEntries =
        "SELECT id, ns_id FROM entries WHERE expires_at IS NOT NULL AND expires_at <= ?1 LIMIT ?2";
    public const string ShrinkNamespace =
        "UPDATE namespaces SET entry_count = entry_count - ?2 WHERE id = ?1 RETURNING entry_count";
    public const string KeysWithTtl = """
        SELECT (SELECT count(*) FROM blobs WHERE expires_at IS NOT NULL AND expires_at > ?1)
             + (SELECT count(*) FROM namespaces WHERE expires_at IS NOT NULL AND expires_at > ?1),
               (SELECT coalesce(sum(expires_at - ?1), 0) FROM blobs WHERE expires_at IS NOT NULL AND expires_at > ?1)
             + (SELECT coalesce(sum(expires_at - ?1), 0) FROM namespaces WHERE expires_at IS NOT NULL AND expires_at > ?1)
        """;

    // Scan and ranges (docs/storage.md, "Keyspace iteration" and "Range reads").
    // A row's scan position inside its slot is 2*id for a blob and 2*id+1 for a namespace; ?2/?3 are the first
    // ids still to visit. ?4/?5 bound the key when MATCH has a literal prefix (?5 NULL: no upper bound).
    public const string ScanSlotBlobs = """
        SELECT id, key FROM blobs
        WHERE slot = ?1 AND id >= ?2 AND key >= ?4 AND (?5 IS NULL OR key < ?5) AND (expires_at IS NULL OR expires_at > ?6)
        ORDER BY id LIMIT ?7
        """;
    public const string ScanSlotNamespaces = """
        SELECT id, name FROM namespaces
        WHERE slot = ?1 AND id >= ?3 AND name >= ?4 AND (?5 IS NULL OR name < ?5) AND (expires_at IS NULL OR expires_at > ?6)
        ORDER BY id LIMIT ?7
        """;
    public const string NextBlobSlot = "SELECT MIN(slot) FROM blobs WHERE slot > ?1";
    public const string NextNamespaceSlot = "SELECT MIN(slot) FROM namespaces WHERE slot > ?1";
    // HSCAN: the inner query picks the next ?3 ids of the namespace from the (ns_id, key) index alone; expired
    // entries still count as visited (the caller filters them), so the cursor always moves past them.
    public const string ScanEntries = """
        SELECT id, key, CASE WHEN ?4 THEN value END, codec, expires_at, size FROM entries
        WHERE id IN (SELECT id FROM entries WHERE ns_id = ?1 AND id >= ?2 ORDER BY id LIMIT ?3)
        ORDER BY id
        """;
    public const string AllBlobKeys = """
        SELECT key FROM blobs WHERE key >= ?1 AND (?2 IS NULL OR key < ?2) AND (expires_at IS NULL OR expires_at > ?3)
        """;
    public const string AllNamespaceNames = """
        SELECT name FROM namespaces WHERE name >= ?1 AND (?2 IS NULL OR name < ?2) AND (expires_at IS NULL OR expires_at > ?3)
        """;
    public const string BlobIdRange = "SELECT MIN(id), MAX(id) FROM blobs";
    public const string NamespaceIdRange = "SELECT MIN(id), MAX(id) FROM namespaces";
    public const string BlobKeyFromId = """
        SELECT key FROM blobs WHERE id >= ?1 AND (expires_at IS NULL OR expires_at > ?2) ORDER BY id LIMIT 1
        """;
    public const string NamespaceNameFromId = "SELECT name FROM namespaces WHERE id >= ?1 ORDER BY id LIMIT 1";
    public const string LocateBlob = """
        SELECT id, codec, size FROM blobs WHERE slot = ?1 AND key = ?2 AND (expires_at IS NULL OR expires_at > ?3)
        """;
    public const string BlobCodec = "SELECT codec FROM blobs WHERE id = ?1";
    public const string TouchBlob = "UPDATE blobs SET updated_at = ?2, version = ?3 WHERE id = ?1";

    // Chunked values (ChunkStore): a raw value larger than ChunkStore.Threshold keeps its blobs row (codec ChunkedCodec,
    // size, an empty value) and puts its bytes in blob_chunks, ChunkStore.ChunkSize per row, so a range read touches only
    // the chunks it needs instead of walking SQLite's overflow-page chain from the start. The triggers drop a value's
    // chunks on every path that deletes the row or replaces its value (DEL, SET, the expiry sweeper, FLUSHALL).
    // Idempotent: run at every open, so files created before chunking get the table too.
    public const int ChunkedCodec = 255;
    public const string ChunkSchema = """
        CREATE TABLE IF NOT EXISTS blob_chunks (
            id INTEGER PRIMARY KEY,
            blob_id INTEGER NOT NULL,
            n INTEGER NOT NULL,
            data BLOB NOT NULL,
            UNIQUE (blob_id, n)
        );
        CREATE TRIGGER IF NOT EXISTS blobs_drop_chunks AFTER DELETE ON blobs WHEN old.codec = 255
        BEGIN DELETE FROM blob_chunks WHERE blob_id = old.id; END;
        CREATE TRIGGER IF NOT EXISTS blobs_replace_chunks AFTER UPDATE OF value, codec ON blobs WHEN old.codec = 255
        BEGIN DELETE FROM blob_chunks WHERE blob_id = old.id; END;
        """;
    public const string InsertChunk = "INSERT INTO blob_chunks (blob_id, n, data) VALUES (?1, ?2, ?3)";
    public const string ReadChunks = "SELECT n, data FROM blob_chunks WHERE blob_id = ?1 AND n >= ?2 AND n <= ?3 ORDER BY n";

    // Keys of one hash slot (CLUSTER COUNTKEYSINSLOT / GETKEYSINSLOT), over the (slot, key) and (slot, name) indexes. Live names
    // only: a blob or namespace past its TTL, or a namespace whose entries all expired, is not counted. ?2 is "now".
    public const string CountSlotKeys = """
        SELECT (SELECT count(*) FROM blobs WHERE slot = ?1 AND (expires_at IS NULL OR expires_at > ?2))
             + (SELECT count(*) FROM namespaces n WHERE n.slot = ?1 AND (n.expires_at IS NULL OR n.expires_at > ?2)
                AND n.entry_count > (SELECT count(*) FROM entries e
                    WHERE e.ns_id = n.id AND e.expires_at IS NOT NULL AND e.expires_at <= ?2))
        """;
    public const string SlotBlobKeys =
        "SELECT key FROM blobs WHERE slot = ?1 AND (expires_at IS NULL OR expires_at > ?2) ORDER BY key LIMIT ?3";
    public const string SlotNamespaceNames = """
        SELECT n.name FROM namespaces n WHERE n.slot = ?1 AND (n.expires_at IS NULL OR n.expires_at > ?2)
            AND n.entry_count > (SELECT count(*) FROM entries e WHERE e.ns_id = n.id AND e.expires_at IS NOT NULL AND e.expires_at <= ?2)
        ORDER BY n.name LIMIT ?3
        """;
    public const string AnyLiveKey = """
        SELECT EXISTS (SELECT 1 FROM blobs WHERE expires_at IS NULL OR expires_at > ?1)
            OR EXISTS (SELECT 1 FROM namespaces n WHERE (n.expires_at IS NULL OR n.expires_at > ?1)
                AND n.entry_count > (SELECT count(*) FROM entries e
                    WHERE e.ns_id = n.id AND e.expires_at IS NOT NULL AND e.expires_at <= ?1))
        """;
}
