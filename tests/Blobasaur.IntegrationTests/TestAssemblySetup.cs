using System.Runtime.CompilerServices;

namespace Blobasaur.IntegrationTests;

internal static class TestAssemblySetup
{
    // The in-process servers share this process's thread pool with the tests, and RespConnection reads block a pool
    // thread while they wait. With test classes running in parallel on 2 cores, the pool's slow thread injection could
    // delay the server's own timers by seconds (an idle-timeout test once saw no close within 5 s). Start with enough
    // threads that the server never waits behind blocked test readers.
#pragma warning disable CA2255 // a module initializer in a test assembly is exactly the intended use here
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum() => ThreadPool.SetMinThreads(64, 64);
#pragma warning restore CA2255
}
