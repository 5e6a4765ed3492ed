namespace Blobasaur.Config;

/// <summary>
/// Command-line options that win over the file and the environment. <paramref name="Port"/> replaces only the port of
/// <c>addr</c> (after <paramref name="Addr"/>, when both are given), so <c>--port 7000</c> keeps the configured host.
/// </summary>
public sealed record ConfigOverrides(int? Port = null, string? DataDir = null, string? Addr = null);
