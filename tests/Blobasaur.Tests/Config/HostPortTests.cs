using Blobasaur.Config;

namespace Blobasaur.Tests.Config;

public sealed class HostPortTests
{
    [Theory]
    [InlineData("127.0.0.1:6379", "127.0.0.1", 6379)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("node-1.example.org:65535", "node-1.example.org", 65535)]
    [InlineData("localhost:80", "localhost", 80)]
    public void Parses_ipv4_ipv6_and_names(string text, string host, int port)
    {
        Assert.True(HostPort.TryParse(text, out var value));
        Assert.Equal(new HostPort(host, port), value);
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("6379")]
    [InlineData("host:")]
    [InlineData("host:+80")]
    [InlineData("host:000080")]
    [InlineData("-host:80")]
    [InlineData("[::1:80")]
    [InlineData("::1:80")]
    public void Rejects_malformed_addresses(string text) => Assert.False(HostPort.TryParse(text, out _));
}
