using System.Globalization;
using System.Text;

namespace Blobasaur.Metrics.Prometheus;

/// <summary>
/// The pieces of the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): escaping and number spelling.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A label value: backslash, double quote and line feed are escaped (\\, \", \n).</summary>
    public static void AppendLabelValue(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    /// <summary>HELP text: backslash and line feed are escaped; a double quote stays as it is.</summary>
    public static void AppendHelp(StringBuilder sb, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    /// <summary>A sample value as Go's ParseFloat reads it: +Inf, -Inf, NaN, or the shortest round-trip decimal ("1e-05" as Go writes it).</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
    };

    /// <summary>Renders <c>name="value",...</c> (without braces) from tag pairs, in the order given.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return "";
        var sb = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(SanitizeName(key)).Append("=\"");
            AppendLabelValue(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            sb.Append('"');
        }

        return sb.ToString();
    }

    /// <summary>Metric and label names allow [a-zA-Z0-9_:] (no leading digit); anything else becomes '_'.</summary>
    public static string SanitizeName(string name)
    {
        var ok = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (var c in name) ok &= char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
        if (ok) return name;
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_').ToArray();
        return chars.Length > 0 && char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }
}
