namespace Blobasaur.Storage;

// Result types of BlobStore. A result that carries a BlobValue owns it: dispose the result (or the value).

public readonly record struct GetResult(StoreStatus Status, BlobValue? Value) : IDisposable
{
    public static GetResult NotFound => new(StoreStatus.NotFound, null);
    public static GetResult WrongType => new(StoreStatus.WrongType, null);
    public static GetResult Found(BlobValue value) => new(StoreStatus.Found, value);

    public void Dispose() => Value?.Dispose();
}

/// <summary>Status is Ok, ConditionNotMet or WrongType; OldValue is set only for SET ... GET when a value existed.</summary>
public readonly record struct SetResult(StoreStatus Status, BlobValue? OldValue) : IDisposable
{
    public static SetResult Ok => new(StoreStatus.Ok, null);

    public void Dispose() => OldValue?.Dispose();
}

/// <summary>Status is Ok (Count valid) or WrongType.</summary>
public readonly record struct CountResult(StoreStatus Status, long Count)
{
    public static CountResult Of(long count) => new(StoreStatus.Ok, count);
    public static CountResult WrongType => new(StoreStatus.WrongType, 0);
}

/// <summary>
/// BLOBASAUR.META: times in Unix milliseconds; Version 0 means "written in async mode, not committed yet".
/// Size is the value's length as the client wrote it, StoredSize its length on disk (they differ once compressed).
/// For a namespace itself, Size and StoredSize are its entry count and Codec is 0.
/// </summary>
public sealed record BlobMeta(KeyType Type, long CreatedAtMs, long UpdatedAtMs, long? ExpiresAtMs, long Version, int Codec,
    long StoredSize, long Size);

public readonly record struct MetaResult(StoreStatus Status, BlobMeta? Meta)
{
    public static MetaResult NotFound => new(StoreStatus.NotFound, null);
    public static MetaResult WrongType => new(StoreStatus.WrongType, null);
}

/// <summary>One namespace entry from HGETALL/HKEYS/HVALS; Key or Value is empty when it was not asked for.</summary>
public readonly record struct NamespaceEntry(byte[] Key, byte[] Value);

public readonly record struct ListResult(StoreStatus Status, IReadOnlyList<NamespaceEntry> Entries)
{
    public static ListResult WrongType => new(StoreStatus.WrongType, []);
}
