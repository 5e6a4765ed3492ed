using System.Runtime.CompilerServices;

namespace Blobasaur.Testing;

/// <summary>Unique key names per test, so one server serves a whole test class without tests seeing each other's data.</summary>
public static class TestKey
{
    private static long _counter;

    public static string Me([CallerMemberName] string caller = "") =>
        $"test:{caller}:{Interlocked.Increment(ref _counter)}:{Guid.NewGuid().ToString("N")[..8]}";
}
