namespace Blobasaur.Protocol;

/// <summary>The reply dialect of a connection; HELLO switches it. See https://redis.io/docs/latest/develop/reference/protocol-spec/.</summary>
public enum ProtocolVersion
{
    Resp2 = 2,
    Resp3 = 3,
}
