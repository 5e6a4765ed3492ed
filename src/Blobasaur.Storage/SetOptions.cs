namespace Blobasaur.Storage;

public enum SetCondition
{
    None,
    /// <summary>NX: only when the name does not exist.</summary>
    IfNotExists,
    /// <summary>XX: only when the name exists.</summary>
    IfExists,
}

// SET's options (https://redis.io/docs/latest/commands/set/). Expiry is an absolute time so that relative forms
// (EX/PX) are resolved once, by the command layer, against the same clock. Without ExpiresAtMs or KeepTtl a SET
// clears any TTL, as in Redis.
public readonly record struct SetOptions(
    SetCondition Condition = SetCondition.None,
    bool ReturnOld = false,
    long? ExpiresAtMs = null,
    bool KeepTtl = false)
{
    public static SetOptions Default => default;

    // A blind write needs nothing from the current state, so in async mode it can be acknowledged once queued.
    internal bool IsBlind => Condition == SetCondition.None && !ReturnOld && !KeepTtl;
}
