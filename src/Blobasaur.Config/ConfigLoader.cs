using System.Collections;
using Blobasaur.Config.Toml;

namespace Blobasaur.Config;

/// <summary>
/// Builds the configuration. Precedence, lowest to highest: built-in defaults, the TOML file, BLOBASAUR_* environment
/// variables, command-line overrides. Then rules between keys are checked, then features this build lacks are refused.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultFileName = "config.toml";

    /// <summary>
    /// What the command line calls: an explicit <paramref name="path"/> must exist; without one, <c>config.toml</c> in the
    /// current directory is used if present, and the defaults otherwise.
    /// </summary>
    public static BlobasaurConfig Resolve(string? path, IReadOnlyDictionary<string, string?> environment,
        ConfigOverrides? cliOverrides = null) =>
        path is null ? LoadOrDefaults(environment, cliOverrides) : Load(path, environment, cliOverrides);

    /// <summary>Loads a file that the user named. A missing file is an error: a typo must not start a server on defaults.</summary>
    /// <exception cref="ConfigException">The file is missing, unreadable, not TOML, or has a bad setting.</exception>
    public static BlobasaurConfig Load(string path, IReadOnlyDictionary<string, string?> environment, ConfigOverrides? cliOverrides = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new ConfigException(path, null, $"the configuration file {Path.GetFullPath(path)} does not exist");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, $"cannot read the configuration file: {e.Message}", e);
        }
        return Build(Parse(() => TomlParser.Parse(bytes), path), path, environment, cliOverrides);
    }

    /// <summary>
    /// Loads <c>config.toml</c> from <paramref name="directory"/> (default: the current directory) when it exists, and
    /// otherwise starts from the defaults; <see cref="BlobasaurConfig.Source"/> then says that no file was found, so the
    /// startup log can tell the operator.
    /// </summary>
    public static BlobasaurConfig LoadOrDefaults(IReadOnlyDictionary<string, string?> environment, ConfigOverrides? cliOverrides = null,
        string? directory = null)
    {
        var path = Path.Combine(directory ?? Directory.GetCurrentDirectory(), DefaultFileName);
        if (File.Exists(path))
            return Load(path, environment, cliOverrides);
        var source = $"defaults (no {DefaultFileName} in {Path.GetDirectoryName(Path.GetFullPath(path))})";
        return Build(null, source, environment, cliOverrides);
    }

    /// <summary>Loads TOML text; <paramref name="sourceName"/> stands for the file in messages. Handy for tests and embedding.</summary>
    public static BlobasaurConfig LoadText(string toml, string sourceName, IReadOnlyDictionary<string, string?> environment,
        ConfigOverrides? cliOverrides = null) =>
        Build(Parse(() => TomlParser.Parse(toml), sourceName), sourceName, environment, cliOverrides);

    /// <summary>The BLOBASAUR_* variables of this process, for <c>environment</c> parameters.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => e.Key is string name && name.StartsWith("BLOBASAUR_", StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    private static TomlTable Parse(Func<TomlTable> parse, string file)
    {
        try
        {
            return parse();
        }
        catch (TomlException e)
        {
            throw new ConfigException($"{file}:{e.Line}:{e.Column}", null, $"not valid TOML: {e.Reason}", e);
        }
    }

    private static BlobasaurConfig Build(TomlTable? document, string source, IReadOnlyDictionary<string, string?> environment,
        ConfigOverrides? cliOverrides)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var binder = new ConfigBinder(new BlobasaurConfig { Source = source });
        if (document is not null)
            binder.BindDocument(document, source);
        binder.BindEnvironment(environment);
        if (cliOverrides is not null)
            binder.BindOverrides(cliOverrides);
        ConfigValidation.Check(binder.Config, binder);
        FeatureGate.Check(binder.Config, binder);
        return binder.Config;
    }
}
