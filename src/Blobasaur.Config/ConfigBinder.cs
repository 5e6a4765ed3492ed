using Blobasaur.Config.Toml;

namespace Blobasaur.Config;

/// <summary>
/// Applies one source of settings (a TOML document, then the environment) on top of a configuration, and remembers where
/// each key was last set so that later checks can point at the right line or variable.
/// </summary>
internal sealed class ConfigBinder
{
    // Variables read by the test suites, not by the server; everything else starting with the prefix must be a setting.
    private static readonly HashSet<string> _ignoredVariables = ["BLOBASAUR_TEST_TARGET", "BLOBASAUR_TOML_TEST_DIR"];

    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    public BlobasaurConfig Config { get; private set; }

    public ConfigBinder(BlobasaurConfig start) => Config = start;

    /// <summary>Where a key got its value: "config.toml:7", "environment variable ...", or "defaults".</summary>
    public string OriginOf(string path) => _origins.GetValueOrDefault(path, "defaults");

    public void SetOrigin(string path, string origin) => _origins[path] = origin;

    public void BindDocument(TomlTable root, string file)
    {
        foreach (var entry in root)
        {
            var where = $"{file}:{entry.KeyPosition.Line}";
            if (ConfigSettings.Find("", entry.Key) is { } setting)
                BindToml(setting, entry.Value, file, entry.KeyPosition.Line);
            else if (ConfigSettings.Sections.Contains(entry.Key))
                BindSection(entry, file);
            else
                throw new ConfigException(where, entry.Key, $"unknown key '{entry.Key}'; the top level allows "
                    + string.Join(", ", ConfigSettings.KeysOf("")) + " and the sections "
                    + string.Join(", ", ConfigSettings.Sections.Select(s => $"[{s}]")));
        }
    }

    private void BindSection(TomlEntry section, string file)
    {
        if (section.Value is not TomlTable table)
            throw new ConfigException($"{file}:{section.KeyPosition.Line}", section.Key,
                $"{section.Key} = {TomlText.Show(section.Value)} is invalid: it must be a table, written [{section.Key}]");
        foreach (var entry in table)
        {
            var setting = ConfigSettings.Find(section.Key, entry.Key)
                ?? throw new ConfigException($"{file}:{entry.KeyPosition.Line}", $"{section.Key}.{entry.Key}",
                    $"unknown key '{entry.Key}' in [{section.Key}]; allowed: " + string.Join(", ", ConfigSettings.KeysOf(section.Key)));
            BindToml(setting, entry.Value, file, entry.KeyPosition.Line);
        }
    }

    private void BindToml(ConfigSetting setting, TomlNode node, string file, int line)
    {
        var value = setting.FromToml(node);
        if (value is null)
        {
            // For arrays, point at the first bad element: its line and its text say more than the whole array does.
            if (node is TomlArray array && setting.IsValidItem is { } isValid && array.FirstOrDefault(i => !isValid(i)) is { } bad)
            {
                var index = array.ToList().IndexOf(bad);
                throw new ConfigException($"{file}:{bad.Line}", setting.Path,
                    $"{setting.Path}[{index}] = {TomlText.Show(bad)} is invalid: {setting.Path} {setting.Rule}");
            }
            throw new ConfigException($"{file}:{line}", setting.Path, $"{setting.Path} = {TomlText.Show(node)} is invalid: {setting.Rule}");
        }
        Config = setting.Apply(Config, value);
        _origins[setting.Path] = $"{file}:{line}";
    }

    /// <summary>Applies every BLOBASAUR_* variable. Names match exactly (upper case), as shells and container tools write them.</summary>
    public void BindEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var (name, text) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith("BLOBASAUR_", StringComparison.Ordinal) || _ignoredVariables.Contains(name) || text is null)
                continue;
            var where = $"environment variable {name}";
            var setting = ConfigSettings.FindVariable(name)
                ?? throw new ConfigException(where, null, $"unknown setting {name}; names are BLOBASAUR_<KEY> for top-level keys and "
                    + "BLOBASAUR_<SECTION>_<KEY> for sections, e.g. BLOBASAUR_NUM_SHARDS or BLOBASAUR_SQLITE_SYNCHRONOUS "
                    + "(see docs/configuration.md)");
            var value = setting.FromText(text)
                ?? throw new ConfigException(where, setting.Path,
                    $"{name}={TomlText.ShowText(text)} is invalid: {setting.Path} {setting.Rule}");
            Config = setting.Apply(Config, value);
            _origins[setting.Path] = where;
        }
    }

    public void BindOverrides(ConfigOverrides overrides)
    {
        if (overrides.DataDir is { } dataDir)
        {
            if (dataDir.Length == 0)
                throw new ConfigException("command line --data-dir", "data_dir", "--data-dir must not be empty");
            Config = Config with { DataDir = dataDir };
            _origins["data_dir"] = "command line --data-dir";
        }
        if (overrides.Addr is { } addr)
        {
            if (!HostPort.TryParse(addr, out _))
                throw new ConfigException("command line --addr", "addr", $"--addr {TomlText.ShowText(addr)} is invalid: {HostPort.Rule}");
            Config = Config with { Addr = addr };
            _origins["addr"] = "command line --addr";
        }
        if (overrides.Port is { } port)
        {
            if (port is < 0 or > 65535)
                throw new ConfigException("command line --port", "addr", $"--port {port} is invalid: must be from 0 to 65535");
            // The address was validated when it was set, so it parses here.
            Config = Config with { Addr = HostPort.Parse(Config.Addr).WithPort(port).ToString() };
            _origins["addr"] = "command line --port";
        }
    }
}
