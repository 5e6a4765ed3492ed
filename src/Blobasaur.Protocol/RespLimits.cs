namespace Blobasaur.Protocol;

/// <summary>
/// Request limits, all checked on headers before any argument memory is allocated.
/// Defaults match Redis: proto-max-bulk-len 512 MB, 1M multibulk arguments, 64 KB inline requests.
/// </summary>
public readonly record struct RespLimits(long MaxBulkLength, int MaxMultibulkLength, int MaxInlineLength)
{
    public static RespLimits Default { get; } = new(512L * 1024 * 1024, 1024 * 1024, 64 * 1024);
}
