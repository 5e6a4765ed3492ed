namespace Blobasaur.Protocol;

/// <summary>
/// Request limits, all checked on headers before any argument memory is allocated.
/// Defaults match Redis: proto-max-bulk-len 512 MB, 1M multibulk arguments, 64 KB inline requests, and a 1 GB query buffer
/// (client-query-buffer-limit: the bytes one client may have sent that do not yet form a complete request; 0 = no limit).
/// </summary>
public readonly record struct RespLimits(long MaxBulkLength, int MaxMultibulkLength, int MaxInlineLength)
{
    public const long DefaultQueryBuffer = 1L << 30;

    public static RespLimits Default { get; } = new(512L * 1024 * 1024, 1024 * 1024, 64 * 1024);

    public long MaxQueryBuffer { get; init; } = DefaultQueryBuffer;

    /// <summary>Redis's caps for a connection that has not authenticated yet: 10 arguments of at most 16 KB each.</summary>
    public const int UnauthenticatedMaxArguments = 10;
    public const int UnauthenticatedMaxBulk = 16 * 1024;

    /// <summary>Set on the limits used before AUTH succeeds (see <see cref="ForUnauthenticated"/>).</summary>
    public bool Unauthenticated { get; init; }

    public RespLimits ForUnauthenticated() => this with { Unauthenticated = true };
}
