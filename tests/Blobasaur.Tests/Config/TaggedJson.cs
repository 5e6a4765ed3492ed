using System.Globalization;
using System.Text.Json.Nodes;
using Blobasaur.Config.Toml;

namespace Blobasaur.Tests.Config;

/// <summary>
/// toml-test's "tagged JSON": tables become objects, arrays arrays, and each scalar {"type": T, "value": "text"}.
/// The comparison follows the suite's README: floats and date-times by value, key order ignored, array order kept.
/// </summary>
internal static class TaggedJson
{
    public static JsonNode Encode(TomlNode node) => node switch
    {
        TomlTable table => new JsonObject(table.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)Encode(e.Value)))),
        TomlArray array => new JsonArray(array.Select(item => (JsonNode?)Encode(item)).ToArray()),
        TomlString s => Scalar("string", s.Value),
        TomlInteger i => Scalar("integer", i.Value.ToString(CultureInfo.InvariantCulture)),
        TomlFloat f => Scalar("float", FormatFloat(f.Value)),
        TomlBoolean b => Scalar("bool", b.Value ? "true" : "false"),
        TomlOffsetDateTime dt => Scalar("datetime", dt.Local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
            + (dt.Offset == TimeSpan.Zero ? "Z"
                : (dt.Offset < TimeSpan.Zero ? "-" : "+") + dt.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture))),
        TomlLocalDateTime dt => Scalar("datetime-local", dt.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TomlLocalDate d => Scalar("date-local", d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TomlLocalTime t => Scalar("time-local", t.Value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"unknown node {node.GetType().Name}"),
    };

    private static JsonObject Scalar(string type, string value) => new() { ["type"] = type, ["value"] = value };

    private static string FormatFloat(double d) =>
        double.IsNaN(d) ? "nan"
        : double.IsInfinity(d) ? (d > 0 ? "inf" : "-inf")
        : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Null when equal, otherwise where and how they differ.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (IsScalar(expected))
        {
            if (!IsScalar(actual))
                return $"{path}: expected a scalar {expected!.ToJsonString()}, got {actual?.ToJsonString()}";
            return ScalarDifference(expected!, actual!, path);
        }
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                var missing = e.Select(p => p.Key).Except(a.Select(p => p.Key)).ToList();
                var extra = a.Select(p => p.Key).Except(e.Select(p => p.Key)).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                    return $"{path}: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", extra)}]";
                return e.Select(p => Difference(p.Value, a[p.Key], $"{path}.{p.Key}")).FirstOrDefault(d => d is not null);
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count)
                    return $"{path}: expected {e.Count} elements, got {a.Count}";
                return e.Select((item, i) => Difference(item, a[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            default:
                return $"{path}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}";
        }
    }

    private static bool IsScalar(JsonNode? node) =>
        node is JsonObject o && o.Count == 2 && o["type"] is JsonValue && o["value"] is JsonValue;

    private static string? ScalarDifference(JsonNode expected, JsonNode actual, string path)
    {
        var type = (string)expected["type"]!;
        var e = (string)expected["value"]!;
        var a = (string)actual["value"]!;
        if (type != (string)actual["type"]!)
            return $"{path}: expected type {type}, got {(string)actual["type"]!} ({a})";
        var equal = type switch
        {
            "float" => ParseFloat(e) is var x && ParseFloat(a) is var y && (x == y || (double.IsNaN(x) && double.IsNaN(y))),
            "bool" => string.Equals(e, a, StringComparison.OrdinalIgnoreCase),
            "datetime" => Instant(e) == Instant(a),
            "datetime-local" => Millis(DateTime.Parse(Normalize(e), CultureInfo.InvariantCulture).Ticks)
                == Millis(DateTime.Parse(Normalize(a), CultureInfo.InvariantCulture).Ticks),
            "date-local" => DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                == DateOnly.ParseExact(a, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time-local" => Millis(TimeOnly.Parse(e, CultureInfo.InvariantCulture).Ticks)
                == Millis(TimeOnly.Parse(a, CultureInfo.InvariantCulture).Ticks),
            _ => e == a,
        };
        return equal ? null : $"{path}: expected {type} '{e}', got '{a}'";
    }

    private static double ParseFloat(string s) => s switch
    {
        "nan" or "+nan" or "-nan" => double.NaN,
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    // Offsets beyond what DateTimeOffset holds do not occur in the suite; parse the offset by hand so any that do still compare.
    private static long Instant(string s)
    {
        s = Normalize(s);
        var offsetAt = s.EndsWith('Z') ? s.Length - 1 : s.LastIndexOfAny(['+', '-']);
        var local = DateTime.Parse(s[..offsetAt], CultureInfo.InvariantCulture).Ticks;
        var offset = s.EndsWith('Z') ? 0 : TimeSpan.ParseExact(s[(offsetAt + 1)..], @"hh\:mm", CultureInfo.InvariantCulture).Ticks;
        return Millis(s[offsetAt] == '-' ? local + offset : local - offset);
    }

    private static string Normalize(string s) => (s.Length > 10 ? s[..10] + "T" + s[11..] : s).Replace('z', 'Z');

    private static long Millis(long ticks) => ticks - ticks % TimeSpan.TicksPerMillisecond;
}
