using Blobasaur.Config.Toml;

namespace Blobasaur.Tests.Config;

// Edge cases beyond toml-test: positions, .NET-specific limits, and what the binder relies on.
public sealed class TomlParserTests
{
    [Fact]
    public void Keys_and_values_remember_their_lines_and_columns()
    {
        var doc = TomlParser.Parse("# c\n[server]\n  maxclients = 10\nlist = [\n  1,\n  2 ]\n");

        var server = (TomlTable)doc["server"];
        Assert.True(server.TryGetEntry("maxclients", out var entry));
        Assert.Equal(new TomlPosition(3, 3), entry.KeyPosition);
        Assert.Equal(new TomlPosition(3, 16), entry.Value.Position);
        var list = (TomlArray)server["list"];
        Assert.Equal(6, list[1].Line);
    }

    [Fact]
    public void Error_reports_line_and_column()
    {
        var ex = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1\nb = 01\n"));

        Assert.Equal((2, 5), (ex.Line, ex.Column));
        Assert.Contains("leading zeros", ex.Message);
    }

    [Fact]
    public void Duplicate_key_points_at_the_second_one()
    {
        var ex = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1\n\n a = 2\n"));

        Assert.Equal((3, 2), (ex.Line, ex.Column));
    }

    [Fact]
    public void String_input_accepts_a_leading_bom_and_rejects_lone_surrogates()
    {
        Assert.Equal(1, ((TomlInteger)TomlParser.Parse("\uFEFFa = 1")["a"]).Value);
        Assert.Throws<TomlException>(() => TomlParser.Parse("a = \"\uD800\""));
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_line()
    {
        byte[] input = [.. "a = 1\nb = \""u8, 0xFF, (byte)'"'];

        var ex = Assert.Throws<TomlException>(() => TomlParser.Parse(input));

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Integer_limits_are_those_of_int64()
    {
        var doc = TomlParser.Parse("min = -9223372036854775808\nmax = 0x7fffffffffffffff");

        Assert.Equal((long.MinValue, long.MaxValue), (((TomlInteger)doc["min"]).Value, ((TomlInteger)doc["max"]).Value));
        Assert.Throws<TomlException>(() => TomlParser.Parse("x = 9223372036854775808"));
        Assert.Throws<TomlException>(() => TomlParser.Parse("x = 0x8000000000000000"));
    }

    [Fact]
    public void Offsets_beyond_what_DateTimeOffset_holds_still_parse()
    {
        var dt = (TomlOffsetDateTime)TomlParser.Parse("t = 2024-01-01T00:00:00+23:30")["t"];

        Assert.Equal(new TimeSpan(23, 30, 0), dt.Offset);
        Assert.Null(dt.ToDateTimeOffset());
    }

    [Fact]
    public void Fraction_digits_beyond_100ns_are_truncated_not_rounded()
    {
        var t = (TomlLocalTime)TomlParser.Parse("t = 00:00:00.99999999999")["t"];

        Assert.Equal(9_999_999, t.Value.Ticks);
    }

    [Fact]
    public void Leap_second_is_refused_with_a_reason()
    {
        var ex = Assert.Throws<TomlException>(() => TomlParser.Parse("t = 2016-12-31T23:59:60Z"));

        Assert.Contains("leap seconds are not supported", ex.Message);
    }

    [Fact]
    public void Multiline_strings_use_lf_whatever_the_file_uses()
    {
        var s = (TomlString)TomlParser.Parse("s = \"\"\"\r\none\r\ntwo\"\"\"\r\n")["s"];

        Assert.Equal("one\ntwo", s.Value);
    }

    [Fact]
    public void Deep_nesting_fails_cleanly_instead_of_overflowing_the_stack()
    {
        var deep = "a = " + new string('[', 10_000) + new string(']', 10_000);

        var ex = Assert.Throws<TomlException>(() => TomlParser.Parse(deep));

        Assert.Contains("nested more than", ex.Message);
    }

    [Fact]
    public void Header_may_extend_a_table_made_by_dotted_keys_but_not_redefine_it()
    {
        var doc = TomlParser.Parse("[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n");
        Assert.True(((TomlTable)((TomlTable)doc["fruit"])["apple"]).ContainsKey("texture"));

        Assert.Throws<TomlException>(() => TomlParser.Parse("[fruit]\napple.color = \"red\"\n[fruit.apple]\n"));
    }
}
