using System.Diagnostics;
using System.Text;
using Blobasaur.Commands;

namespace Blobasaur.Tests.Commands;

/// <summary>Redis's glob semantics (util.c stringmatchlen), as KEYS, SCAN MATCH, CONFIG GET and COMMAND LIST use them.</summary>
public sealed class GlobTests
{
    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("**", "x", true)]
    [InlineData("*?", "", false)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abcd", "abc", false)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h*llo", "hllo", true)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h*llo", "hellox", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*.tmp", "x.tmp.tmp", true)]
    [InlineData("h[ae]llo", "hello", true)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[a-b]llo", "hcllo", false)]
    [InlineData("h[b-a]llo", "hallo", true)]          // a reversed range is swapped
    [InlineData("h[^a-c]llo", "hdllo", true)]
    [InlineData("h[^a-c]llo", "hbllo", false)]
    [InlineData("[0-9][0-9]", "42", true)]
    [InlineData("[0-9][0-9]", "4x", false)]
    [InlineData("h\\*llo", "h*llo", true)]           // an escaped star is literal
    [InlineData("h\\*llo", "hello", false)]
    [InlineData("h\\?llo", "hello", false)]
    [InlineData("[\\]]", "]", true)]                  // an escape inside a class
    [InlineData("[\\^a]", "^", true)]
    [InlineData("abc\\", "abc\\", true)]              // a trailing backslash matches itself
    [InlineData("[abc", "a", true)]                   // an unterminated class ends at the pattern's end
    [InlineData("[abc", "d", false)]
    [InlineData("*[", "x", false)]
    public void IsMatch_follows_redis_glob_semantics(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData("TIMEOUT", "timeout")]
    [InlineData("time*", "TIMEOUT")]
    [InlineData("[S-T]imeout", "timeout")]
    [InlineData("[^a]imeout", "TIMEOUT")]
    public void IsMatch_ignoring_case_matches_both_cases(string pattern, string text)
    {
        Assert.True(Glob.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(text), ignoreCase: true));
        Assert.False(Glob.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void IsMatch_works_on_bytes_so_binary_keys_match_exactly()
    {
        byte[] key = [0x00, 0xff, 0x80, (byte)'k'];

        Assert.True(Glob.IsMatch([0x00, (byte)'*', (byte)'k'], key));
        Assert.True(Glob.IsMatch([(byte)'?', 0xff, (byte)'?', (byte)'k'], key));
        Assert.True(Glob.IsMatch([(byte)'*', (byte)'[', 0x7f, (byte)'-', 0x81, (byte)']', (byte)'k'], key));
        Assert.False(Glob.IsMatch([0x01, (byte)'*'], key));
    }

    [Fact]
    public void IsMatch_of_a_pathological_pattern_finishes_fast()
    {
        // Naive backtracking takes exponential time here (redis keyspace.tcl "very long nested loops" regression).
        var pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a*", 40)) + "b");
        var text = Encoding.ASCII.GetBytes(new string('a', 100_000));

        var watch = Stopwatch.StartNew();
        var matched = Glob.IsMatch(pattern, text);

        Assert.False(matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
