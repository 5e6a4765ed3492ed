using System.Globalization;
using Blobasaur.Config.Toml;

namespace Blobasaur.Config;

/// <summary>
/// One configuration key: where it lives, how its value is read from TOML or from an environment variable, what is
/// allowed, and how it is stored in <see cref="BlobasaurConfig"/>. The rows are in <see cref="ConfigSettings"/>.
/// </summary>
internal sealed class ConfigSetting
{
    public required string Section { get; init; }
    public required string Key { get; init; }
    /// <summary>What is allowed, as the end of "X is invalid: ...".</summary>
    public required string Rule { get; init; }
    /// <summary>Turns a TOML value into the stored value, or returns null when it breaks <see cref="Rule"/>.</summary>
    public required Func<TomlNode, object?> FromToml { get; init; }
    /// <summary>The same for the text of an environment variable.</summary>
    public required Func<string, object?> FromText { get; init; }
    public required Func<BlobasaurConfig, object, BlobasaurConfig> Apply { get; init; }
    /// <summary>For arrays: whether one element is allowed, so a message can point at the element's own line.</summary>
    public Func<TomlNode, bool>? IsValidItem { get; init; }

    /// <summary>The dotted key used in messages and docs: "num_shards", "sqlite.synchronous".</summary>
    public string Path => Section.Length == 0 ? Key : $"{Section}.{Key}";

    /// <summary>BLOBASAUR_ plus the dotted key in capitals with underscores: BLOBASAUR_SQLITE_BUSY_TIMEOUT_MS.</summary>
    public string EnvironmentVariable => "BLOBASAUR_" + Path.Replace('.', '_').ToUpperInvariant();

    public static ConfigSetting Integer(string section, string key, long min, long max,
        Func<BlobasaurConfig, long, BlobasaurConfig> apply) =>
        new()
        {
            Section = section,
            Key = key,
            Rule = $"must be an integer from {min} to {max}",
            FromToml = node => node is TomlInteger i && i.Value >= min && i.Value <= max ? i.Value : null,
            FromText = text => long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                && v >= min && v <= max ? v : null,
            Apply = (config, value) => apply(config, (long)value),
        };

    public static ConfigSetting Boolean(string section, string key, Func<BlobasaurConfig, bool, BlobasaurConfig> apply) =>
        new()
        {
            Section = section,
            Key = key,
            Rule = "must be true or false",
            FromToml = node => node is TomlBoolean b ? b.Value : null,
            // Environment values are typed by people and scripts: accept the usual spellings of a switch.
            FromText = text => text.Trim().ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => null,
            },
            Apply = (config, value) => apply(config, (bool)value),
        };

    /// <summary>A string checked by <paramref name="normalize"/>: it returns the value to store, or null when not allowed.</summary>
    public static ConfigSetting Text(string section, string key, string rule, Func<string, string?> normalize,
        Func<BlobasaurConfig, string, BlobasaurConfig> apply) =>
        new()
        {
            Section = section,
            Key = key,
            Rule = rule,
            FromToml = node => node is TomlString s ? normalize(s.Value) : null,
            FromText = text => normalize(text),
            Apply = (config, value) => apply(config, (string)value),
        };

    /// <summary>One of a fixed list of words, matched without regard to case and stored as listed.</summary>
    public static ConfigSetting Choice(string section, string key, IReadOnlyList<string> choices,
        Func<BlobasaurConfig, string, BlobasaurConfig> apply) =>
        Text(section, key, "must be one of: " + string.Join(", ", choices),
            text => choices.FirstOrDefault(c => string.Equals(c, text.Trim(), StringComparison.OrdinalIgnoreCase)), apply);

    /// <summary>An array of strings; in the environment, a comma-separated list.</summary>
    public static ConfigSetting TextList(string section, string key, string itemRule, Func<string, bool> isValid,
        Func<BlobasaurConfig, IReadOnlyList<string>, BlobasaurConfig> apply) =>
        new()
        {
            Section = section,
            Key = key,
            Rule = $"must be an array of strings, each of which {itemRule} (in the environment: a comma-separated list)",
            FromToml = node => node is TomlArray a && a.All(i => i is TomlString s && isValid(s.Value))
                ? a.Select(i => ((TomlString)i).Value).ToArray() : null,
            IsValidItem = item => item is TomlString s && isValid(s.Value),
            FromText = text => SplitList(text) is var items && items.All(isValid) ? items : null,
            Apply = (config, value) => apply(config, (string[])value),
        };

    /// <summary>An array of integers; in the environment, a comma-separated list.</summary>
    public static ConfigSetting IntegerList(string section, string key, long min, long max,
        Func<BlobasaurConfig, IReadOnlyList<int>, BlobasaurConfig> apply) =>
        new()
        {
            Section = section,
            Key = key,
            Rule = $"must be an array of integers from {min} to {max} (in the environment: a comma-separated list)",
            FromToml = node => node is TomlArray a && a.All(i => i is TomlInteger n && n.Value >= min && n.Value <= max)
                ? a.Select(i => (int)((TomlInteger)i).Value).ToArray() : null,
            IsValidItem = item => item is TomlInteger n && n.Value >= min && n.Value <= max,
            FromText = text =>
            {
                var items = SplitList(text);
                var values = items
                    .Select(i => int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
                return values.All(v => v >= min && v <= max) ? values : null;
            },
            Apply = (config, value) => apply(config, (int[])value),
        };

    /// <summary>
    /// <c>[[cluster.slot_ranges]]</c> tables with <c>start</c> and <c>end</c>, both inclusive (as in the Rust Blobasaur);
    /// in the environment "0-5460,10923-16383".
    /// </summary>
    public static ConfigSetting SlotRanges(string section, string key, int maxSlot,
        Func<BlobasaurConfig, IReadOnlyList<SlotRange>, BlobasaurConfig> apply)
    {
        SlotRange? FromTable(TomlNode item) =>
            item is TomlTable t && t.Count == 2 && t.TryGetValue("start", out var s) && t.TryGetValue("end", out var e)
            && s is TomlInteger start && e is TomlInteger end && start.Value >= 0 && start.Value <= end.Value && end.Value <= maxSlot
                ? new SlotRange((int)start.Value, (int)end.Value) : null;
        SlotRange? FromPair(string pair) =>
            pair.Split('-') is [var a, var b] && int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var end) && start <= end && end <= maxSlot
                ? new SlotRange(start, end) : null;
        return new()
        {
            Section = section,
            Key = key,
            Rule = $"must be tables with only the keys start and end, where 0 <= start <= end <= {maxSlot} "
                + "(in the environment: a comma-separated list like 0-5460,10923-16383)",
            FromToml = node => node is TomlArray a && a.All(i => FromTable(i) is not null) ? a.Select(i => FromTable(i)!).ToArray() : null,
            FromText = text => SplitList(text).Select(FromPair).ToArray() is var r && r.All(x => x is not null)
                ? r.Select(x => x!).ToArray() : null,
            IsValidItem = item => FromTable(item) is not null,
            Apply = (config, value) => apply(config, (SlotRange[])value),
        };
    }

    public static string[] SplitList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
