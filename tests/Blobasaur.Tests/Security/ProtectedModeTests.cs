using System.Net;
using Blobasaur.Commands.Security;

namespace Blobasaur.Tests.Security;

public sealed class ProtectedModeTests
{
    [Theory]
    // protected, default user has no password, remote address -> denied
    [InlineData(true, true, "192.0.2.10", true)]
    [InlineData(true, true, "10.1.2.3", true)]
    [InlineData(true, true, "2001:db8::1", true)]
    [InlineData(true, true, "127.0.0.1", false)]
    [InlineData(true, true, "127.5.6.7", false)]
    [InlineData(true, true, "::1", false)]
    [InlineData(true, true, "::ffff:127.0.0.1", false)]
    [InlineData(true, true, "::ffff:192.0.2.10", true)]
    [InlineData(true, false, "192.0.2.10", false)]
    [InlineData(false, true, "192.0.2.10", false)]
    public void Only_loopback_clients_are_served_while_the_default_user_has_no_password(
        bool protectedMode, bool noPassword, string remote, bool denied)
    {
        Assert.Equal(denied, ProtectedMode.Denies(protectedMode, noPassword, IPAddress.Parse(remote)));
    }
}
