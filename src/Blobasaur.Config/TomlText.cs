using System.Globalization;
using System.Text;
using Blobasaur.Config.Toml;

namespace Blobasaur.Config;

/// <summary>Values as they appear in error messages: written the TOML way, cut to 128 characters, with no raw line breaks.</summary>
internal static class TomlText
{
    private const int MaxLength = 128;

    public static string Show(TomlNode node) => Cut(Write(node));

    /// <summary>Text from an environment variable or the command line, quoted like a TOML string.</summary>
    public static string ShowText(string text) => Cut(Quote(text));

    private static string Write(TomlNode node) => node switch
    {
        TomlString s => Quote(s.Value),
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f => double.IsNaN(f.Value) ? "nan" : double.IsInfinity(f.Value) ? (f.Value > 0 ? "inf" : "-inf")
            : f.Value.ToString("R", CultureInfo.InvariantCulture),
        TomlBoolean b => b.Value ? "true" : "false",
        TomlOffsetDateTime d => d.Local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
            + (d.Offset == TimeSpan.Zero ? "Z"
                : (d.Offset < TimeSpan.Zero ? "-" : "+") + d.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture)),
        TomlLocalDateTime d => d.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TomlLocalDate d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TomlLocalTime t => t.Value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TomlArray a => "[" + string.Join(", ", a.Select(Write)) + "]",
        TomlTable t => "{ " + string.Join(", ", t.Select(e => $"{e.Key} = {Write(e.Value)}")) + " }",
        _ => node.TypeName,
    };

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7f' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static string Cut(string s) => s.Length <= MaxLength ? s : s[..(MaxLength - 3)] + "...";
}
