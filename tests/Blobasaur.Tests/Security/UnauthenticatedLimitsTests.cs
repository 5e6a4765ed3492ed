using System.Buffers;
using System.Text;
using Blobasaur.Protocol;

namespace Blobasaur.Tests.Security;

/// <summary>Before AUTH, requests are capped at 10 arguments of 16 KB each (Redis 7.0's limits and error texts).</summary>
public sealed class UnauthenticatedLimitsTests
{
    private static readonly RespLimits Unauthenticated = RespLimits.Default.ForUnauthenticated();

    private static (OperationStatus Status, string? Error) Parse(string text, RespLimits limits)
    {
        var status = RequestParser.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), limits, out _, out _, out _,
            out var error);
        return (status, error);
    }

    private static string Request(int arguments, int argumentLength) =>
        $"*{arguments}\r\n" + string.Concat(Enumerable.Repeat($"${argumentLength}\r\n{new string('a', argumentLength)}\r\n", arguments));

    [Fact]
    public void Ten_arguments_of_16_kb_pass()
    {
        Assert.Equal(OperationStatus.Done, Parse(Request(10, 16384), Unauthenticated).Status);
    }

    [Fact]
    public void An_eleventh_argument_is_refused_from_the_header_alone()
    {
        Assert.Equal((OperationStatus.InvalidData, "unauthenticated multibulk length"), Parse("*11\r\n", Unauthenticated));
    }

    [Fact]
    public void A_bulk_over_16_kb_is_refused_from_its_header_alone()
    {
        Assert.Equal((OperationStatus.InvalidData, "unauthenticated bulk length"), Parse("*2\r\n$4\r\nECHO\r\n$16385\r\n", Unauthenticated));
    }

    [Fact]
    public void Malformed_headers_keep_their_usual_errors_and_authenticated_limits_are_unchanged()
    {
        Assert.Equal((OperationStatus.InvalidData, "invalid multibulk length"), Parse("*x\r\n", Unauthenticated));
        Assert.Equal((OperationStatus.InvalidData, "invalid bulk length"), Parse("*1\r\n$-5\r\n", Unauthenticated));
        Assert.Equal(OperationStatus.Done, Parse(Request(11, 20000), RespLimits.Default).Status);
        Assert.False(RespLimits.Default.Unauthenticated);
    }
}
