namespace Blobasaur.Hashing;

// CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection, no final xor): the variant Redis Cluster uses
// for hash slots. Check value: "123456789" -> 0x31C3.
public static class Crc16
{
    private static readonly ushort[] s_table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        var table = s_table;
        ushort crc = 0;
        foreach (var b in data)
            crc = (ushort)((crc << 8) ^ table[((crc >> 8) ^ b) & 0xFF]);
        return crc;
    }

    // One entry per leading byte: the remainder of (byte << 8) after eight shift-and-xor steps.
    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            table[i] = crc;
        }
        return table;
    }
}
