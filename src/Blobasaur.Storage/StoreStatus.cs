namespace Blobasaur.Storage;

// Expected outcomes of a storage call. Faults (SQLite I/O errors, bugs) are exceptions instead; the dispatcher maps
// them once. Append only: handlers switch on these.
public enum StoreStatus
{
    Ok,
    Found,
    NotFound,
    /// <summary>The name holds the other kind of value (a namespace where a plain blob was expected, or the reverse).</summary>
    WrongType,
    /// <summary>NX/XX (or MSETNX) decided not to write.</summary>
    ConditionNotMet,
}

/// <summary>What TYPE reports: a plain blob is a Redis string, a namespace is a Redis hash.</summary>
public enum KeyType
{
    None,
    String,
    Hash,
}
