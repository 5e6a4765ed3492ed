using System.Text;
using Blobasaur.Hashing;

namespace Blobasaur.Tests.Hashing;

// Published reference vectors (xxHash's sanity checks as reproduced by python-xxhash, ClickHouse and others).
public sealed class XxHash64Tests
{
    [Theory]
    [InlineData("", 0UL, 0xEF46DB3751D8E999UL)]
    [InlineData("", 668718853UL, 0x04E830582A31A119UL)]
    [InlineData("a", 0UL, 0xD24EC4F1A98C6E5BUL)]
    [InlineData("a", 191961062UL, 0x6E05BA2887C97977UL)]
    [InlineData("abc", 0UL, 0x44BC2CF5AD770999UL)]
    [InlineData("ABC", 0UL, 0xE66AE7354FCFEE98UL)]
    [InlineData("xxhash", 0UL, 0x32DD38952C4BC720UL)]
    [InlineData("xxhash", 20141025UL, 0xB559B98D844E0635UL)]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345", 0UL, 0x467605901B01D6F6UL)]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345", 877380273UL, 0x37B562EC5715E132UL)]
    [InlineData("Nobody inspects the spammish repetition", 0UL, 0xFBCEA83C8A378BF1UL)]
    public void Matches_reference_vectors(string input, ulong seed, ulong expected)
        => Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(input), seed));
}
