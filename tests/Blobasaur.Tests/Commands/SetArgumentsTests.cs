using System.Text;
using Blobasaur.Commands;
using Blobasaur.Commands.Strings;
using Blobasaur.Config;
using Blobasaur.Protocol;
using Blobasaur.Storage;
using Blobasaur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blobasaur.Tests.Commands;

/// <summary>SET's option parser on its own, with a fixed clock: which flags combine, which are errors, and the resolved expiry.
/// The error cases mirror redis t_string.c parseExtendedStringArgumentsOrReply (checked end to end in StringCommandTests).</summary>
public sealed class SetArgumentsTests
{
    private static readonly FakeTimeProvider Clock = new();
    private static readonly long Now = Clock.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void No_options_is_a_plain_set()
    {
        Assert.Equal(SetOptions.Default, Parse());
    }

    [Theory]
    [InlineData("NX", SetCondition.IfNotExists)]
    [InlineData("xx", SetCondition.IfExists)]
    [InlineData("Nx", SetCondition.IfNotExists)]
    public void NX_and_XX_set_the_condition_in_any_case(string option, SetCondition expected)
    {
        Assert.Equal(new SetOptions(expected), Parse(option));
    }

    [Fact]
    public void Relative_expiries_are_added_to_the_clock_and_absolute_ones_are_taken_as_is()
    {
        Assert.Equal(Now + 10_000, Parse("EX", "10").ExpiresAtMs);
        Assert.Equal(Now + 1_500, Parse("px", "1500").ExpiresAtMs);
        Assert.Equal(2_000_000_000_000, Parse("EXAT", "2000000000").ExpiresAtMs);
        Assert.Equal(2_000_000_000_123, Parse("PXAT", "2000000000123").ExpiresAtMs);
    }

    [Fact]
    public void Options_combine_in_any_order()
    {
        Assert.Equal(new SetOptions(SetCondition.IfExists, ReturnOld: true, ExpiresAtMs: Now + 5_000), Parse("GET", "EX", "5", "XX"));
        Assert.Equal(new SetOptions(SetCondition.IfNotExists, ReturnOld: true, KeepTtl: true), Parse("KEEPTTL", "NX", "GET"));
    }

    [Fact]
    public void A_repeated_expire_option_takes_the_last_value_as_redis_does()
    {
        Assert.Equal(Now + 20_000, Parse("EX", "10", "EX", "20").ExpiresAtMs);
        Assert.Equal(Now + 20_000, Parse("EX", "abc", "EX", "20").ExpiresAtMs);
        Assert.Equal(new SetOptions(SetCondition.IfNotExists), Parse("NX", "NX"));
    }

    [Theory]
    [InlineData("NX", "XX")]
    [InlineData("XX", "NX")]
    [InlineData("EX", "10", "PX", "10")]
    [InlineData("EXAT", "10", "PXAT", "10")]
    [InlineData("PX", "10", "EXAT", "10")]
    [InlineData("KEEPTTL", "PX", "10")]
    [InlineData("PXAT", "10", "KEEPTTL")]
    [InlineData("EX")]
    [InlineData("GET", "PX")]
    [InlineData("PERSIST")]
    [InlineData("EX", "abc", "NX", "XX")]
    public void Conflicting_incomplete_or_unknown_options_are_a_syntax_error(params string[] options)
    {
        Assert.Equal(RespErrors.Syntax, ParseError(options));
    }

    [Theory]
    [InlineData("EX", "0")]
    [InlineData("EX", "-1")]
    [InlineData("PX", "0")]
    [InlineData("EXAT", "0")]
    [InlineData("PXAT", "-5")]
    [InlineData("EX", "9223372036854775807")]
    [InlineData("PX", "9223372036854775807")]
    public void Non_positive_or_overflowing_expiries_are_an_invalid_expire_time(string unit, string value)
    {
        Assert.Equal("ERR invalid expire time in 'set' command", ParseError(unit, value));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("99999999999999999999")]
    public void A_non_integer_expiry_is_not_an_integer(string value)
    {
        Assert.Equal(RespErrors.NotInteger, ParseError("EX", value));
    }

    private static SetOptions Parse(params string[] options)
    {
        Assert.True(SetArguments.TryParse(Context(options), 3, out var parsed, out var error), error);
        return parsed;
    }

    private static string? ParseError(params string[] options)
    {
        Assert.False(SetArguments.TryParse(Context(options), 3, out _, out var error));
        return error;
    }

    private static CommandContext Context(string[] options)
    {
        var server = new ServerContext(new BlobasaurConfig(), Clock, NullLoggerFactory.Instance);
        Assert.True(server.Commands.TryGet("SET"u8, out var set));
        byte[][] args = [.. new[] { "SET", "key", "value" }.Concat(options).Select(Encoding.UTF8.GetBytes)];
        return new CommandContext(args, new ClientState(1, "127.0.0.1:1", "127.0.0.1:2", Now), server, set, CancellationToken.None);
    }
}
