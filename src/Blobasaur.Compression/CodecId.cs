namespace Blobasaur.Compression;

// The codec byte stored in every row's `codec` column. Part of the on-disk format: never renumber, only append.
// BLOBASAUR.META prints the same names (Commands/Keys/KeyCommands.cs CodecName).
public enum CodecId : byte
{
    None = 0,
    Gzip = 1,
    Zstd = 2,
    Lz4 = 3,
    Brotli = 4,
}
