namespace Blobasaur.Storage.Maintenance;

/// <summary>What <c>blobasaur shard migrate</c> asked for.</summary>
public sealed record MigrationOptions(string DataDir, int OldShards, int NewShards, bool Verify);

/// <summary>Receives the migration's progress: a phase with its total units, then advances within it.</summary>
public interface IMigrationProgress
{
    void Phase(string name, long total, string unit);

    void Advance(long units);

    void Note(string message);
}

/// <summary>The outcome of a migration run.</summary>
/// <param name="Committed">The layout record now says NewShards.</param>
/// <param name="Resumed">Work left by an interrupted run was reused.</param>
/// <param name="SlotsMoved">Slots whose owner changed (each moved whole).</param>
/// <param name="RowsMoved">Keys (blobs and namespaces) copied to a new owner, this run.</param>
/// <param name="KeysVerified">Keys compared by --verify (0 without it).</param>
/// <param name="Differences">What --verify found different (at most 20 described; DifferenceCount has the total).</param>
public sealed record MigrationResult(
    bool Committed, bool Resumed, int SlotsMoved, long RowsMoved, long KeysVerified, long DifferenceCount, IReadOnlyList<string> Differences);

internal sealed class NullProgress : IMigrationProgress
{
    public static readonly NullProgress Instance = new();

    public void Phase(string name, long total, string unit)
    {
    }

    public void Advance(long units)
    {
    }

    public void Note(string message)
    {
    }
}
