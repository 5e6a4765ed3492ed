namespace Blobasaur.Storage;

/// <summary>A key with its precomputed hash slot (it picked the shard, and it is half of the unique index).</summary>
internal readonly record struct SlotKey(int Slot, ReadOnlyMemory<byte> Key);

internal readonly record struct SlotKeyValue(int Slot, ReadOnlyMemory<byte> Key, EncodedValue Value);
