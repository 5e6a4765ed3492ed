using System.Buffers;
using Blobasaur.Compression;
using Blobasaur.Config;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Storage;

// Compression at rest for one store. Encode runs in the caller, before the write is queued (the shard writer is
// the bottleneck, and compressing is the most expensive part of a write); Decode runs in the read path, into a
// pooled buffer of exactly the row's `size`. Reads resolve the row's own codec, whatever is configured now.
internal sealed class ValueCompression
{
    private readonly ICompressionCodec? _codec; // null: new values are stored raw
    private readonly int _level;
    private readonly int _minSize;
    private readonly long _maxSize;
    private readonly ILogger _logger;
    private long _compressed, _raw, _unreadable, _bytesIn, _bytesOut;

    private ValueCompression(ICompressionCodec? codec, int level, int minSize, long maxSize, ILogger logger)
    {
        _codec = codec;
        _level = level;
        _minSize = Math.Max(1, minSize);
        _maxSize = maxSize;
        _logger = logger;
    }

    /// <summary>Throws CodecUnavailableException (naming the Debian package) when the configured codec's library is missing.</summary>
    public static ValueCompression Create(BlobasaurConfig config, ILogger logger)
    {
        var section = config.StorageCompression;
        var codec = section.Enabled ? CodecRegistry.Get((CodecId)(int)section.Algorithm) : NoneCodec.Instance;
        codec.EnsureAvailable();
        var level = CodecRegistry.ResolveLevel(codec, codec.Id == CodecId.None ? null : section.Level);
        return new ValueCompression(codec.Id == CodecId.None ? null : codec, level, section.MinSize,
            config.Server.ProtoMaxBulkLen, logger);
    }

    public string Algorithm => _codec?.Name ?? "none";
    public int Level => _level;
    public long CompressedValues => Interlocked.Read(ref _compressed);
    public long RawValues => Interlocked.Read(ref _raw);
    public long UnreadableValues => Interlocked.Read(ref _unreadable);
    /// <summary>Bytes given to the codec / bytes stored for them (a value that did not shrink counts its raw size both ways).</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>The value as it will be stored: compressed when that makes it smaller, raw otherwise.</summary>
    public EncodedValue Encode(ReadOnlyMemory<byte> value)
    {
        if (_codec is null || value.Length < _minSize)
            return EncodedValue.Raw(value);
        // Only output shorter than the value is worth keeping, so the codec gets one byte less than the value and
        // gives up as soon as it would not shrink, instead of finishing and being thrown away.
        var buffer = ArrayPool<byte>.Shared.Rent(value.Length - 1);
        try
        {
            Interlocked.Add(ref _bytesIn, value.Length);
            if (!_codec.TryCompress(value.Span, buffer.AsSpan(0, value.Length - 1), _level, out var written))
            {
                Interlocked.Add(ref _bytesOut, value.Length);
                Interlocked.Increment(ref _raw);
                return EncodedValue.Raw(value);
            }
            Interlocked.Increment(ref _compressed);
            Interlocked.Add(ref _bytesOut, written);
            return new EncodedValue(buffer.AsSpan(0, written).ToArray(), _codec.Id, value.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A row's value, decompressed into a pooled lease (a raw row is copied, as before compression existed).</summary>
    public BlobValue Decode(ReadOnlySpan<byte> stored, long codec, long size)
    {
        if (codec == (long)CodecId.None)
            return BlobValue.Copy(stored);
        var value = BlobValue.Rent(CheckedSize(codec, size));
        try
        {
            DecodeInto(stored, codec, value.Writable);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>As Decode, into an exact array (HGETALL/HVALS results are arrays).</summary>
    public byte[] DecodeToArray(ReadOnlySpan<byte> stored, long codec, long size)
    {
        if (codec == (long)CodecId.None)
            return stored.ToArray();
        var value = new byte[CheckedSize(codec, size)];
        DecodeInto(stored, codec, value);
        return value;
    }

    /// <summary>Decodes a value the writer read still encoded (GETDEL, SET ... GET), after its commit; takes ownership.</summary>
    public BlobValue Decode(BlobValue stored)
    {
        if (stored.Codec == (long)CodecId.None)
            return stored;
        using (stored)
            return Decode(stored.Span, stored.Codec, stored.DecodedLength);
    }

    private int CheckedSize(long codec, long size) =>
        size >= 0 && size <= Math.Min(_maxSize, Array.MaxLength) ? (int)size
        : throw Unreadable(StoredValueProblem.Corrupt, NameOf(codec), new InvalidDataException($"size column holds {size}"));

    private void DecodeInto(ReadOnlySpan<byte> stored, long id, Span<byte> destination)
    {
        if (!CodecRegistry.TryGet(id, out var codec))
            throw Unreadable(StoredValueProblem.Corrupt, NameOf(id), new InvalidDataException($"no codec has id {id}"));
        try
        {
            codec.Decompress(stored, destination);
        }
        catch (CompressedDataException ex)
        {
            throw Unreadable(StoredValueProblem.Corrupt, codec.Name, ex);
        }
        catch (CodecUnavailableException ex)
        {
            throw Unreadable(StoredValueProblem.CodecUnavailable, codec.Name, ex);
        }
    }

    private StoredValueException Unreadable(StoredValueProblem problem, string codec, Exception cause)
    {
        Interlocked.Increment(ref _unreadable);
        Log.UnreadableValue(_logger, codec, problem, cause);
        return new StoredValueException(problem, codec, cause);
    }

    private static string NameOf(long codec) => CodecRegistry.TryGet(codec, out var c) ? c.Name : $"unknown({codec})";
}
