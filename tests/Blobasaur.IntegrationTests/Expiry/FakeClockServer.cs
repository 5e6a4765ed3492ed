using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Expiry;

/// <summary>An in-process server on a fake clock, with the background sweep off: tests advance time and sweep by hand.</summary>
public sealed class FakeClockServer : TestServer
{
    public FakeTimeProvider Clock { get; } = new();

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected override TimeProvider? Time => Clock;

    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with { ExpirySweepIntervalMs = 0 };

    public Task<long> SweepAsync() => Server.Context.Store.SweepExpiredAsync();
}
