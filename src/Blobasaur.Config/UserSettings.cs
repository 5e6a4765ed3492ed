using Blobasaur.Config.Toml;

namespace Blobasaur.Config;

/// <summary>
/// The <c>[[users]]</c> tables: name, password_sha256 (one digest or an array), nopass, enabled, commands, keys. The command
/// rules are checked against the command table when the server starts (Config cannot see it); everything else is checked here.
/// </summary>
internal static class UserSettings
{
    private static readonly HashSet<string> _keys = ["name", "password_sha256", "nopass", "enabled", "commands", "keys"];

    public const string Rule = "must be [[users]] tables with a name (no spaces), and optionally password_sha256 (64 hex digits, "
        + "or an array of them), nopass (boolean), enabled (boolean), commands (array of rules like \"+@read\", \"-flushall\") and "
        + "keys (array of glob patterns), with unique names; users can only be set in a config file, not from the environment";

    public static ConfigSetting Users(string section, string key, Func<BlobasaurConfig, IReadOnlyList<UserConfig>, BlobasaurConfig> apply) =>
        new()
        {
            Section = section,
            Key = key,
            Rule = Rule,
            FromToml = node => node is TomlArray a && a.All(i => FromTable(i) is not null)
                && a.Select(i => FromTable(i)!.Name).Distinct(StringComparer.Ordinal).Count() == a.Count
                    ? a.Select(i => FromTable(i)!).ToArray() : null,
            IsValidItem = item => FromTable(item) is not null,
            FromText = _ => null,
            Apply = (config, value) => apply(config, (UserConfig[])value),
        };

    internal static UserConfig? FromTable(TomlNode node)
    {
        if (node is not TomlTable table || table.Any(e => !_keys.Contains(e.Key))) return null;
        if (!table.TryGetValue("name", out var n) || n is not TomlString { Value: var name } || !IsValidName(name)) return null;
        var user = new UserConfig { Name = name };
        if (table.TryGetValue("password_sha256", out var p))
        {
            var digests = p switch
            {
                TomlString s => [s.Value],
                TomlArray a when a.All(i => i is TomlString) => a.Select(i => ((TomlString)i).Value).ToArray(),
                _ => null,
            };
            if (digests is null || !digests.All(IsDigest)) return null;
            user = user with { PasswordSha256 = digests.Select(d => d.ToLowerInvariant()).ToArray() };
        }

        if (table.TryGetValue("nopass", out var np))
        {
            if (np is not TomlBoolean b) return null;
            user = user with { NoPass = b.Value };
        }

        if (table.TryGetValue("enabled", out var en))
        {
            if (en is not TomlBoolean b) return null;
            user = user with { Enabled = b.Value };
        }

        if (table.TryGetValue("commands", out var c))
        {
            if (Strings(c) is not { } rules) return null;
            user = user with { Commands = rules };
        }

        if (table.TryGetValue("keys", out var k))
        {
            if (Strings(k) is not { } keys) return null;
            user = user with { Keys = keys };
        }

        return user;
    }

    private static string[]? Strings(TomlNode node) =>
        node is TomlArray a && a.All(i => i is TomlString s && s.Value.Length > 0) ? a.Select(i => ((TomlString)i).Value).ToArray() : null;

    private static bool IsValidName(string name) => name.Length > 0 && !name.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch));

    private static bool IsDigest(string text) => text.Length == 64 && text.All(Uri.IsHexDigit);
}
