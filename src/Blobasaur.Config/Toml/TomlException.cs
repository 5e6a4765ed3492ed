namespace Blobasaur.Config.Toml;

/// <summary>The text is not valid TOML 1.0.0. <see cref="Line"/> and <see cref="Column"/> count from 1.</summary>
public sealed class TomlException : Exception
{
    public TomlException(string reason, int line, int column)
        : base($"line {line}, column {column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>The message without the position, for callers that format the position themselves.</summary>
    public string Reason { get; }
    public int Line { get; }
    public int Column { get; }
}
