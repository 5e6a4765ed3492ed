using System.Text;
using Blobasaur.Commands;

namespace Blobasaur.Tests.Commands;

/// <summary>Integer arguments follow Redis's string2ll (util.c): what Redis accepts we accept, what it rejects we reject.</summary>
public sealed class ArgumentsTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("-1", -1L)]
    [InlineData("1234567890", 1234567890L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void TryParseLong_accepts_canonical_integers(string text, long expected)
    {
        Assert.True(Arguments.TryParseLong(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("00")]
    [InlineData("-0")]
    [InlineData("-01")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("abc")]
    [InlineData("12a")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999")]
    [InlineData("1,000")]
    public void TryParseLong_rejects_what_string2ll_rejects(string text)
    {
        Assert.False(Arguments.TryParseLong(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void TryParseLong_rejects_non_ascii_digits()
    {
        Assert.False(Arguments.TryParseLong(Encoding.UTF8.GetBytes("١٢"), out _));   // Arabic-Indic digits
        Assert.False(Arguments.TryParseLong([(byte)'1', 0x00], out _));
    }
}
