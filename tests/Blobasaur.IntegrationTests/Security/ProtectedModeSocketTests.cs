using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>A test that needs a non-loopback IPv4 address on this machine; skipped where there is none.</summary>
public sealed class NonLoopbackFactAttribute : FactAttribute
{
    public NonLoopbackFactAttribute()
    {
        if (TestServer.ExternalTarget is not null) Skip = "needs the in-process server (BLOBASAUR_TEST_TARGET is set)";
        else if (ProtectedModeServer.LocalAddress() is null) Skip = "no non-loopback IPv4 address on this machine";
    }
}

/// <summary>Bound to 0.0.0.0 with no password and protected mode on (the default).</summary>
public class ProtectedModeServer : TestServer
{
    public static IPAddress? LocalAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with { Addr = "0.0.0.0:0" };
}

public sealed class ProtectedModeSocketTests(ProtectedModeServer server) : IClassFixture<ProtectedModeServer>
{
    private const string Denied = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is "
        + "set for the default user. In this mode connections are only accepted from the loopback interface.";

    [NonLoopbackFact]
    public async Task A_client_from_a_non_loopback_address_is_denied_and_disconnected_while_loopback_is_served()
    {
        var address = ProtectedModeServer.LocalAddress()!;
        var rejectedBefore = server.Server.Context.Clients.RejectedConnections;
        await using var local = await RespConnection.ConnectAsync("127.0.0.1", server.Port);
        await using var remote = await RespConnection.ConnectAsync(address.ToString(), server.Port);

        var reply = (await remote.ReadAsync()).ToString();

        Assert.StartsWith(Denied, reply);
        Assert.EndsWith("NOTE: You only need to do one of the above things in order for the server to start accepting connections "
            + "from the outside.", reply);
        Assert.True(await remote.IsClosedByServerAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("+PONG", await local.SendAsync("PING"));
        Assert.True(server.Server.Context.Clients.RejectedConnections > rejectedBefore);
    }
}

/// <summary>The same bind, with a password: protected mode no longer applies.</summary>
public sealed class PasswordProtectedServer : ProtectedModeServer
{
    protected override BlobasaurConfig Configure(BlobasaurConfig config) =>
        base.Configure(config) with { Server = config.Server with { RequirePass = "pw" } };
}

public sealed class ProtectedModeWithPasswordTests(PasswordProtectedServer server) : IClassFixture<PasswordProtectedServer>
{
    [NonLoopbackFact]
    public async Task A_password_lifts_protected_mode()
    {
        await using var remote = await RespConnection.ConnectAsync(ProtectedModeServer.LocalAddress()!.ToString(), server.Port);

        Assert.Equal("-NOAUTH Authentication required.", await remote.SendAsync("PING"));
        Assert.Equal("+OK", await remote.SendAsync("AUTH", "pw"));
        Assert.Equal("+PONG", await remote.SendAsync("PING"));
    }
}
