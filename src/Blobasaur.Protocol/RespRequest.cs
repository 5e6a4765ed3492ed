namespace Blobasaur.Protocol;

/// <summary>
/// One client request: the command name and its arguments, each an exact, owned byte array (binary-safe).
/// Owning the arrays lets storage keep a value (async writes, the inflight cache) without another copy.
/// </summary>
public sealed class RespRequest
{
    public static readonly RespRequest Empty = new([], isInline: false);

    public RespRequest(byte[][] args, bool isInline)
    {
        Args = args;
        IsInline = isInline;
    }

    public byte[][] Args { get; }

    public int Count => Args.Length;

    /// <summary>True when the request came as an inline (telnet-style) line rather than a multibulk array.</summary>
    public bool IsInline { get; }

    public bool IsEmpty => Args.Length == 0;
}
