namespace Blobasaur.Storage;

/// <summary>The data directory cannot be opened as configured (another shard count, a newer format, or in use).</summary>
public sealed class StorageLayoutException(string message, Exception? inner = null) : Exception(message, inner);
