namespace Blobasaur.Storage;

// The node's write sequence: every row written gets the next number, in the order writers apply them. Shared by all
// shards of a store; at open it resumes from the largest max_version any shard persisted, so it never goes back,
// even across restarts. (Numbers taken by a transaction that then rolled back are simply skipped.)
internal sealed class VersionClock
{
    private long _last;

    /// <summary>Resumes after a persisted version; called at open for every shard.</summary>
    public void AdvanceTo(long version)
    {
        if (version > _last)
            _last = version;
    }

    public long Last => Volatile.Read(ref _last);

    public long Next() => Interlocked.Increment(ref _last);
}
