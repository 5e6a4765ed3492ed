using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// Compression log messages (ValueCompression.cs). Event ids 3010-3019 of the storage range.
internal static partial class Log
{
    [LoggerMessage(3010, LogLevel.Error, "A stored value could not be read back ({Problem}, codec {Codec})")]
    public static partial void UnreadableValue(ILogger logger, string codec, StoredValueProblem problem, Exception error);

    [LoggerMessage(3011, LogLevel.Information, "Storage compression: {Algorithm} level {Level}, values from {MinSize} bytes")]
    public static partial void Compression(ILogger logger, string algorithm, int level, int minSize);
}
