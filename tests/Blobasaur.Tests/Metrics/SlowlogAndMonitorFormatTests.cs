using System.Text;
using Blobasaur.Commands.Server;

namespace Blobasaur.Tests.Metrics;

/// <summary>SLOWLOG argument truncation (Redis slowlog.c limits) and MONITOR line escaping (Redis sdscatrepr).</summary>
public sealed class SlowlogAndMonitorFormatTests
{
    [Fact]
    public void Slowlog_keeps_31_arguments_and_summarises_the_rest_in_the_32nd()
    {
        var args = Enumerable.Range(0, 40).Select(i => Encoding.ASCII.GetBytes($"a{i}")).ToArray();

        var kept = Slowlog.Truncate(args);

        Assert.Equal(32, kept.Length);
        Assert.Equal("a30", Encoding.ASCII.GetString(kept[30]));
        Assert.Equal("... (9 more arguments)", Encoding.ASCII.GetString(kept[31]));
    }

    [Fact]
    public void Slowlog_cuts_an_argument_at_128_bytes_and_says_how_many_more()
    {
        var big = Encoding.ASCII.GetBytes(new string('x', 200));

        var kept = Slowlog.Truncate([Encoding.ASCII.GetBytes("SET"), Encoding.ASCII.GetBytes("k"), big]);

        Assert.Equal(new string('x', 128) + "... (72 more bytes)", Encoding.ASCII.GetString(kept[2]));
        Assert.Equal("SET", Encoding.ASCII.GetString(kept[0]));
    }

    [Fact]
    public void Slowlog_keeps_exactly_32_arguments_untouched()
    {
        var args = Enumerable.Range(0, 32).Select(i => Encoding.ASCII.GetBytes($"a{i}")).ToArray();

        Assert.Equal("a31", Encoding.ASCII.GetString(Slowlog.Truncate(args)[31]));
    }

    [Fact]
    public void Monitor_line_escapes_values_as_redis_does()
    {
        // The bytes and the expected text were checked against redis-server 7.0.15's MONITOR output.
        var value = Encoding.UTF8.GetBytes("a\nb\"c\u0001\\é");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_795_333_584_180).AddTicks(3_220);

        var line = MonitorFeed.Format(at, "127.0.0.1:44752", [Encoding.ASCII.GetBytes("set"), Encoding.ASCII.GetBytes("k"), value]);

        Assert.Equal("+1795333584.180322 [0 127.0.0.1:44752] \"set\" \"k\" \"a\\nb\\\"c\\x01\\\\\\xc3\\xa9\"", line);
    }

    [Fact]
    public void Monitor_cuts_long_values_and_says_how_many_bytes_more()
    {
        var big = new byte[MonitorFeed.MaxArgBytes + 10];
        Array.Fill(big, (byte)'v');

        var line = MonitorFeed.Format(DateTimeOffset.UnixEpoch, "c", [Encoding.ASCII.GetBytes("set"), big]);

        Assert.EndsWith($"\"{new string('v', MonitorFeed.MaxArgBytes)}... (10 more bytes)\"", line);
    }

    [Fact]
    public void Passwords_are_redacted_for_auth_and_hello()
    {
        static string[] Redact(params string[] args) =>
            [.. Blobasaur.Commands.Security.AccessControl.Redact([.. args.Select(Encoding.ASCII.GetBytes)]).Select(Encoding.ASCII.GetString)];

        Assert.Equal(["auth", "(redacted)", "(redacted)"], Redact("auth", "user", "pw"));
        Assert.Equal(["HELLO", "3", "AUTH", "(redacted)", "(redacted)", "SETNAME", "n"], Redact("HELLO", "3", "AUTH", "u", "p", "SETNAME", "n"));
        Assert.Equal(["get", "auth"], Redact("get", "auth"));
        Assert.Equal(["MIGRATE", "h", "1", "k", "0", "5", "AUTH", "(redacted)", "KEYS", "a"],
            Redact("MIGRATE", "h", "1", "k", "0", "5", "AUTH", "pw", "KEYS", "a"));
        Assert.Equal(["config", "set", "(redacted)", "(redacted)"], Redact("config", "set", "requirepass", "pw"));
    }
}
