using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Blobasaur.Cluster.Gossip;

internal enum DecodeResult { Ok, Malformed, BadMac }

/// <summary>A node's gossip to pack into datagrams: its values with version above From, in version order.</summary>
internal sealed record DeltaSource(string Id, long Generation, long From, long MaxVersion, IReadOnlyList<GossipValue> Values);

/// <summary>
/// The datagram format. Layout (integers little-endian, "varint" = unsigned LEB128):
/// <code>
///   magic 0xB1 0x0B | version 1 | type | sender id (20 bytes) | sender generation (i64) | body | HMAC-SHA256 (32 bytes)
///   Ping/Meet: dest ip (u8 length + ASCII) | digest
///   Pong:      digest | delta          Update: delta          Fail: node id (20 bytes)
///   digest:    flags (1 = complete) | count (u16) | count x (id 20 | generation varint | max version varint)
///   delta:     sections (u16) | sections x (id 20 | generation varint | from varint | to (i64) | values (u16) |
///              values x (key: u8 length + UTF-8 | value: varint length + UTF-8 | version varint))
/// </code>
/// The MAC covers every byte before it, under the cluster secret (an empty key when none is set, which still rejects
/// corrupted datagrams and datagrams of clusters that do have a secret). No datagram exceeds <see cref="MaxDatagram"/>.
/// </summary>
internal static class GossipCodec
{
    /// <summary>Largest UDP payload we send: below a 1500-byte Ethernet MTU with IPv6 + UDP headers and some tunnel room.</summary>
    public const int MaxDatagram = 1400;

    private const byte Magic0 = 0xB1, Magic1 = 0x0B, Version = 1;
    private const int HeaderSize = 4 + 20 + 8, MacSize = 32, IdSize = 20;

    public static byte[] Key(string? secret) => Encoding.UTF8.GetBytes(secret ?? "");

    public static byte[] EncodePing(MessageType type, string senderId, long generation, string destinationIp,
        DigestPlan digest, byte[] key, out int digestCount)
    {
        var writer = new DatagramWriter(type, senderId, generation);
        writer.WriteShortString(destinationIp);
        digestCount = WriteDigest(ref writer, digest);
        return writer.Finish(key);
    }

    public static byte[] EncodeFail(string senderId, long generation, string failedId, byte[] key)
    {
        var writer = new DatagramWriter(MessageType.Fail, senderId, generation);
        writer.WriteId(failedId);
        return writer.Finish(key);
    }

    /// <summary>
    /// A Pong (with <paramref name="digest"/>) or Update datagrams carrying as much of <paramref name="sources"/> as fits in
    /// <paramref name="maxDatagrams"/> datagrams. A node's values may be split over several sections and datagrams.
    /// </summary>
    public static List<byte[]> EncodeDelta(string senderId, long generation, DigestPlan? digest,
        IReadOnlyList<DeltaSource> sources, int maxDatagrams, byte[] key)
    {
        var datagrams = new List<byte[]>();
        var writer = new DatagramWriter(digest is null ? MessageType.Update : MessageType.Pong, senderId, generation);
        if (digest is not null) WriteDigest(ref writer, digest);
        var sectionsAt = writer.Reserve(2);
        var sections = 0;
        const int SectionHeader = IdSize + 10 + 10 + 8 + 2;

        foreach (var source in sources)
        {
            var index = 0;
            var from = source.From;
            while (index < source.Values.Count || from < source.MaxVersion)
            {
                var needed = SectionHeader + (index < source.Values.Count ? ValueSize(source.Values[index]) : 0);
                if (needed > MaxDatagram - HeaderSize - MacSize - 2) break; // cannot fit even alone: never happens for our values
                if (writer.Remaining < needed)
                {
                    writer.PatchU16(sectionsAt, sections);
                    datagrams.Add(writer.Finish(key));
                    if (datagrams.Count >= maxDatagrams) return datagrams;
                    writer = new DatagramWriter(MessageType.Update, senderId, generation);
                    sectionsAt = writer.Reserve(2);
                    sections = 0;
                }

                writer.WriteId(source.Id);
                writer.WriteVarint(source.Generation);
                writer.WriteVarint(from);
                var toAt = writer.Reserve(8);
                var countAt = writer.Reserve(2);
                var count = 0;
                while (index < source.Values.Count && writer.Remaining >= ValueSize(source.Values[index]))
                {
                    var value = source.Values[index++];
                    writer.WriteShortString(value.Key);
                    writer.WriteLongString(value.Value);
                    writer.WriteVarint(value.Version);
                    count++;
                }

                var to = index == source.Values.Count ? source.MaxVersion : source.Values[index - 1].Version;
                writer.PatchI64(toAt, to);
                writer.PatchU16(countAt, count);
                sections++;
                from = to;
                if (count == 0 && index < source.Values.Count) break; // defensive: no progress possible
            }
        }

        writer.PatchU16(sectionsAt, sections);
        if (sections > 0 || digest is not null) datagrams.Add(writer.Finish(key));
        return datagrams;
    }

    public static DecodeResult TryDecode(ReadOnlySpan<byte> datagram, byte[] key, out GossipMessage? message)
    {
        message = null;
        if (datagram.Length < HeaderSize + MacSize || datagram.Length > MaxDatagram
            || datagram[0] != Magic0 || datagram[1] != Magic1 || datagram[2] != Version)
            return DecodeResult.Malformed;
        var signed = datagram[..^MacSize];
        Span<byte> mac = stackalloc byte[MacSize];
        HMACSHA256.HashData(key, signed, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, datagram[^MacSize..])) return DecodeResult.BadMac;
        try
        {
            message = Parse(signed);
            return message is null ? DecodeResult.Malformed : DecodeResult.Ok;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return DecodeResult.Malformed;
        }
    }

    private static GossipMessage? Parse(ReadOnlySpan<byte> data)
    {
        var type = (MessageType)data[3];
        if (type is < MessageType.Ping or > MessageType.Fail) return null;
        var reader = new DatagramReader(data) { Position = 4 };
        var senderId = reader.ReadId();
        var generation = reader.ReadI64();
        var message = type switch
        {
            MessageType.Ping or MessageType.Meet => new GossipMessage
            {
                Type = type, SenderId = senderId, SenderGeneration = generation, DestinationIp = reader.ReadShortString(),
            },
            MessageType.Fail => new GossipMessage
            {
                Type = type, SenderId = senderId, SenderGeneration = generation, FailedId = reader.ReadId(),
            },
            _ => new GossipMessage { Type = type, SenderId = senderId, SenderGeneration = generation },
        };
        if (type is MessageType.Ping or MessageType.Meet or MessageType.Pong) ReadDigest(ref reader, message);
        if (type is MessageType.Pong or MessageType.Update) ReadDelta(ref reader, message);
        return reader.Position == data.Length ? message : null;
    }

    /// <summary>
    /// Writes the sender's own entry and as many others as fit (leaving room for a first delta section in a Pong).
    /// When not all fit, the digest is a window of the id-sorted list starting at <see cref="DigestPlan.Start"/>, and it
    /// states the id interval it covers: the receiver then knows that a node inside the interval but not listed is unknown
    /// to the sender, while nodes outside it are simply not described this time. Returns the number of others written.
    /// </summary>
    private static int WriteDigest(ref DatagramWriter writer, DigestPlan digest)
    {
        const int Reserve = 104;
        var budget = writer.Remaining - Reserve - 3 - EntrySize(digest.Self);
        var all = digest.Others.Sum(EntrySize);
        var complete = all <= budget;
        var start = complete ? 0 : digest.Start;
        var count = 0;
        if (!complete)
        {
            budget -= 2 * IdSize;
            while (start + count < digest.Others.Count && budget >= EntrySize(digest.Others[start + count]))
                budget -= EntrySize(digest.Others[start + count++]);
        }
        else count = digest.Others.Count;

        writer.PatchByte(writer.Reserve(1), complete ? (byte)1 : (byte)0);
        if (!complete)
        {
            writer.WriteId(start == 0 ? LowestId : digest.Others[start].Id);
            writer.WriteId(start + count >= digest.Others.Count ? HighestId
                : count == 0 ? digest.Others[start].Id : digest.Others[start + count - 1].Id);
        }

        writer.PatchU16(writer.Reserve(2), count + 1);
        WriteEntry(ref writer, digest.Self);
        for (var i = start; i < start + count; i++) WriteEntry(ref writer, digest.Others[i]);
        return count;
    }

    private static readonly string LowestId = new('0', NodeId.Length);
    private static readonly string HighestId = new('f', NodeId.Length);

    private static int EntrySize(DigestEntry entry) => IdSize + VarintSize(entry.Generation) + VarintSize(entry.MaxVersion);

    private static int VarintSize(long value)
    {
        var size = 1;
        for (var v = (ulong)value; v >= 0x80; v >>= 7) size++;
        return size;
    }

    private static void WriteEntry(ref DatagramWriter writer, DigestEntry entry)
    {
        writer.WriteId(entry.Id);
        writer.WriteVarint(entry.Generation);
        writer.WriteVarint(entry.MaxVersion);
    }

    private static void ReadDigest(ref DatagramReader reader, GossipMessage message)
    {
        message.DigestComplete = (reader.ReadByte() & 1) != 0;
        if (!message.DigestComplete)
        {
            message.DigestLow = reader.ReadId();
            message.DigestHigh = reader.ReadId();
        }

        var count = reader.ReadU16();
        for (var i = 0; i < count; i++)
            message.Digest.Add(new DigestEntry(reader.ReadId(), reader.ReadVarint(), reader.ReadVarint()));
    }

    private static void ReadDelta(ref DatagramReader reader, GossipMessage message)
    {
        var sections = reader.ReadU16();
        for (var s = 0; s < sections; s++)
        {
            var id = reader.ReadId();
            var generation = reader.ReadVarint();
            var from = reader.ReadVarint();
            var to = reader.ReadI64();
            var count = reader.ReadU16();
            var values = new List<GossipValue>(count);
            for (var i = 0; i < count; i++)
                values.Add(new GossipValue(reader.ReadShortString(), reader.ReadLongString(), reader.ReadVarint()));
            message.Delta.Add(new DeltaSection(id, generation, from, to, values));
        }
    }

    private static int ValueSize(GossipValue value) =>
        1 + Encoding.UTF8.GetByteCount(value.Key) + 3 + Encoding.UTF8.GetByteCount(value.Value) + 10;

    private ref struct DatagramReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        public int Position;

        public byte ReadByte() => _data[Position++];

        public int ReadU16()
        {
            var value = BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(Position, 2));
            Position += 2;
            return value;
        }

        public long ReadI64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_data.Slice(Position, 8));
            Position += 8;
            return value;
        }

        public long ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[Position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return checked((long)value);
            }

            throw new FormatException("varint too long");
        }

        public string ReadId()
        {
            var id = NodeId.FromBytes(_data.Slice(Position, IdSize));
            Position += IdSize;
            return id;
        }

        public string ReadShortString()
        {
            int length = ReadByte();
            var text = Encoding.UTF8.GetString(_data.Slice(Position, length));
            Position += length;
            return text;
        }

        public string ReadLongString()
        {
            var length = checked((int)ReadVarint());
            var text = Encoding.UTF8.GetString(_data.Slice(Position, length));
            Position += length;
            return text;
        }
    }

    private struct DatagramWriter
    {
        private readonly byte[] _buffer = new byte[MaxDatagram];
        private int _position;

        public DatagramWriter(MessageType type, string senderId, long generation)
        {
            _buffer[0] = Magic0;
            _buffer[1] = Magic1;
            _buffer[2] = Version;
            _buffer[3] = (byte)type;
            _position = 4;
            WriteId(senderId);
            BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position), generation);
            _position += 8;
        }

        public readonly int Remaining => MaxDatagram - MacSize - _position;

        public int Reserve(int bytes)
        {
            var at = _position;
            _position += bytes;
            return at;
        }

        public readonly void PatchByte(int at, byte value) => _buffer[at] = value;

        public readonly void PatchU16(int at, int value) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(at), (ushort)value);

        public readonly void PatchI64(int at, long value) => BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(at), value);

        public void WriteId(string id)
        {
            NodeId.ToBytes(id).CopyTo(_buffer, _position);
            _position += IdSize;
        }

        public void WriteVarint(long value)
        {
            var v = (ulong)value;
            while (v >= 0x80)
            {
                _buffer[_position++] = (byte)(v | 0x80);
                v >>= 7;
            }

            _buffer[_position++] = (byte)v;
        }

        public void WriteShortString(string text)
        {
            var length = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_position + 1));
            _buffer[_position] = checked((byte)length);
            _position += 1 + length;
        }

        public void WriteLongString(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            WriteVarint(bytes.Length);
            bytes.CopyTo(_buffer, _position);
            _position += bytes.Length;
        }

        public readonly byte[] Finish(byte[] key)
        {
            var datagram = new byte[_position + MacSize];
            _buffer.AsSpan(0, _position).CopyTo(datagram);
            HMACSHA256.HashData(key, datagram.AsSpan(0, _position), datagram.AsSpan(_position));
            return datagram;
        }
    }
}
