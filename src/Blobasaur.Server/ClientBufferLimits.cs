using Blobasaur.Config;

namespace Blobasaur.Server;

/// <summary>
/// Redis's client-output-buffer-limit (class "normal") and client-query-buffer-limit, in bytes; 0 turns a limit off.
/// See docs/limits.md for how these relate to the other limits.
/// </summary>
public readonly record struct ClientBufferLimits(long OutputHard, long OutputSoft, int OutputSoftSeconds, long QueryBuffer)
{
    public static ClientBufferLimits From(ServerSection server) => new(server.ClientOutputBufferLimitHard,
        server.ClientOutputBufferLimitSoft, server.ClientOutputBufferLimitSoftSeconds, server.ClientQueryBufferLimit);
}
