using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests;

/// <summary>
/// One server per test class (<c>IClassFixture&lt;ServerFixture&gt;</c>), or the BLOBASAUR_TEST_TARGET server when that is set.
/// Tests marked <c>[Trait("Category", "RedisCompat")]</c> must pass unchanged against Debian's redis-server 7.0.15:
/// <c>BLOBASAUR_TEST_TARGET=127.0.0.1:16380 dotnet test tests/Blobasaur.IntegrationTests --filter Category=RedisCompat</c>.
/// </summary>
public class ServerFixture : TestServer
{
}
