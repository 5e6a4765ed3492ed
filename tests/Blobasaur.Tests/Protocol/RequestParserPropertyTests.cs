using System.Buffers;
using System.Text;
using Blobasaur.Protocol;
using Blobasaur.Testing;
using FsCheck;
using FsCheck.Fluent;
using PropertyConfig = FsCheck.Config;

namespace Blobasaur.Tests.Protocol;

/// <summary>
/// Properties of the request parser over arbitrary input, driven the way Connection drives it (RequestParser, then
/// StreamingRequest for large requests), with the bytes split into arbitrary reads: it returns requests, asks for more data
/// or reports a protocol error, never throws, and never produces (or holds) more than the limits allow.
/// </summary>
public sealed class RequestParserPropertyTests
{
    // Small limits, so random input reaches them often.
    private static readonly RespLimits Tight = new(MaxBulkLength: 64, MaxMultibulkLength: 8, MaxInlineLength: 48) { MaxQueryBuffer = 0 };

    private static readonly PropertyConfig Runs = PropertyConfig.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true);

    // Bytes that matter to RESP, much more often than chance would pick them.
    private static readonly Gen<byte> InterestingByte = Gen.Frequency(
        (6, Gen.Elements("*$\r\n-0123456789 \"'\\x:+"u8.ToArray())),
        (3, Gen.Elements("GETSETPINGabc"u8.ToArray())),
        (1, Gen.Choose(0, 255).Select(i => (byte)i)));

    private static readonly Gen<byte[]> NoiseGen = Gen.Sized(size => Gen.Choose(0, Math.Max(1, size * 4)))
        .SelectMany(n => Gen.ArrayOf(InterestingByte, n));

    private static readonly Gen<byte[][]> CommandGen =
        Gen.Choose(1, 6).SelectMany(count => Gen.ArrayOf(Gen.Choose(0, 40).SelectMany(len => Gen.ArrayOf(
            Gen.Choose(0, 255).Select(i => (byte)i), len)), count));

    [Fact]
    public void Arbitrary_bytes_split_anywhere_never_throw_and_respect_the_limits()
    {
        var gen = NoiseGen.SelectMany(wire => CutsFor(wire.Length).Select(cuts => (wire, cuts)));
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var outcome = ParserDriver.Run(input.wire, input.cuts, Tight);
            ParserDriver.AssertWithinLimits(outcome, Tight);
        }));
    }

    [Fact]
    public void Mutated_valid_frames_never_throw_and_respect_the_limits()
    {
        var gen = Gen.ArrayOf(CommandGen, Gen.Choose(1, 4).Sample(1).Single()).SelectMany(commands =>
        {
            var wire = commands.SelectMany(Encode).ToArray();
            return Mutate(wire).SelectMany(mutated => CutsFor(mutated.Length).Select(cuts => (mutated, cuts)));
        });
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var outcome = ParserDriver.Run(input.mutated, input.cuts, RespLimits.Default);
            ParserDriver.AssertWithinLimits(outcome, RespLimits.Default);
        }));
    }

    [Fact]
    public void Valid_frames_split_anywhere_give_back_exactly_the_arguments_sent()
    {
        var gen = Gen.ListOf(CommandGen).Select(l => l.ToArray()).SelectMany(commands =>
        {
            var wire = commands.SelectMany(Encode).ToArray();
            return CutsFor(wire.Length).Select(cuts => (commands, wire, cuts));
        });
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var outcome = ParserDriver.Run(input.wire, input.cuts, RespLimits.Default);
            Assert.Equal(OperationStatus.NeedMoreData, outcome.Last);   // everything parsed, waiting for the next request
            Assert.Equal(input.commands.Length, outcome.Requests.Count);
            for (var i = 0; i < input.commands.Length; i++) Assert.Equal(input.commands[i], outcome.Requests[i].Args);
        }));
    }

    [Fact]
    public void Inline_lines_of_any_bytes_never_throw_and_stay_within_the_line()
    {
        var gen = Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(InterestingByte.Where(b => b != (byte)'\n'), n))
            .Where(l => l.Length == 0 || l[0] != (byte)'*')
            .SelectMany(l => CutsFor(l.Length + 2).Select(cuts => (l, cuts)));
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var wire = input.l.Concat("\r\n"u8.ToArray()).ToArray();
            var outcome = ParserDriver.Run(wire, input.cuts, Tight);
            ParserDriver.AssertWithinLimits(outcome, Tight);
            foreach (var request in outcome.Requests)
                Assert.True(request.Args.Sum(a => (long)a.Length) <= input.l.Length, "an inline request produced more bytes than its line");
            if (input.l.Length > Tight.MaxInlineLength) Assert.Equal(OperationStatus.InvalidData, outcome.Last);
        }));
    }

    [Fact]
    public void Nested_arrays_are_a_protocol_error_as_in_redis()
    {
        var outcome = ParserDriver.Run("*1\r\n*1\r\n$4\r\nPING\r\n"u8.ToArray(), [], RespLimits.Default);
        Assert.Equal(OperationStatus.InvalidData, outcome.Last);
        Assert.Equal("expected '$', got '*'", outcome.Error);
    }

    [Fact]
    public void A_header_declaring_a_huge_bulk_allocates_only_the_first_chunk()
    {
        Check.One(PropertyConfig.QuickThrowOnFailure.WithMaxTest(50).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.Choose(StreamingRequest.Threshold, (int)RespLimits.Default.MaxBulkLength).ToArbitrary(), length =>
        {
            var wire = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${length}\r\n").Concat(new byte[1000]).ToArray();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var outcome = ParserDriver.Run(wire, [7, 20], RespLimits.Default);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(OperationStatus.NeedMoreData, outcome.Last);
            // The first 1 MiB chunk plus bookkeeping; never the declared length.
            Assert.True(allocated < StreamingRequest.Threshold + 256 * 1024, $"{allocated} bytes allocated for a {length}-byte header");
        }));
    }

    [Fact]
    public void A_streamed_request_holds_at_most_eight_times_what_arrived()
    {
        var gen = Gen.Choose(StreamingRequest.Threshold, 3 * StreamingRequest.Threshold)
            .SelectMany(size => Gen.Choose(1, 200_000).Select(piece => (size, piece)));
        Check.One(PropertyConfig.QuickThrowOnFailure.WithMaxTest(15).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var value = new byte[input.size];
            new Random(input.size).NextBytes(value);
            var wire = Encode(["SET"u8.ToArray(), "k"u8.ToArray(), value]);
            var cuts = Enumerable.Range(1, wire.Length / input.piece).Select(i => i * input.piece).Where(c => c < wire.Length).ToArray();
            var outcome = ParserDriver.Run(wire, cuts, RespLimits.Default);
            Assert.Single(outcome.Requests);
            Assert.Equal(value, outcome.Requests[0].Args[2]);
            Assert.True(outcome.MaxHeldOverArrived <= StreamingRequest.Threshold,
                $"held {outcome.MaxHeldOverArrived} bytes more than 8 times what had arrived");
        }));
    }

    private static Gen<int[]> CutsFor(int length) =>
        length <= 1 ? Gen.Constant(Array.Empty<int>()) : Gen.ListOf(Gen.Choose(1, length - 1)).Select(l => l.Distinct().Order().ToArray());

    // Flip, insert, delete bytes or truncate: the typical corruptions of a frame.
    private static Gen<byte[]> Mutate(byte[] wire) => Gen.Choose(1, 4).SelectMany(times =>
        Gen.ArrayOf(Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, Math.Max(0, wire.Length - 1))
            .SelectMany(at => InterestingByte.Select(b => (kind, at, b)))), times)
        .Select(edits =>
        {
            var bytes = wire.ToList();
            foreach (var (kind, at, b) in edits)
            {
                if (bytes.Count == 0) break;
                var i = Math.Min(at, bytes.Count - 1);
                switch (kind)
                {
                    case 0: bytes[i] = b; break;
                    case 1: bytes.Insert(i, b); break;
                    case 2: bytes.RemoveAt(i); break;
                    default: bytes.RemoveRange(i, bytes.Count - i); break;
                }
            }

            return bytes.ToArray();
        }));

    private static byte[] Encode(byte[][] args)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var a in args)
        {
            ms.Write(Encoding.ASCII.GetBytes($"${a.Length}\r\n"));
            ms.Write(a);
            ms.Write("\r\n"u8);
        }

        return ms.ToArray();
    }
}

/// <summary>Feeds bytes to the parser exactly as Connection.ProcessAsync does, one read at a time.</summary>
internal static class ParserDriver
{
    public sealed record Outcome(List<RespRequest> Requests, OperationStatus Last, string? Error, long MaxHeldOverArrived);

    public static Outcome Run(byte[] wire, int[] cuts, RespLimits limits)
    {
        var requests = new List<RespRequest>();
        var unparsed = Array.Empty<byte>();
        StreamingRequest? streaming = null;
        long needed = 0, arrived = 0, maxHeldOverArrived = long.MinValue;
        var status = OperationStatus.NeedMoreData;
        var start = 0;
        foreach (var end in cuts.Append(wire.Length))
        {
            var piece = wire[start..end];
            start = end;
            arrived += piece.Length;
            unparsed = [.. unparsed, .. piece];
            if (unparsed.Length < needed) continue;
            var buffer = FragmentedSequence.SplitAt(unparsed, unparsed.Length - piece.Length);
            while (true)
            {
                RespRequest request;
                SequencePosition consumed;
                string? error;
                needed = 0;
                if (streaming is not null)
                {
                    status = streaming.Feed(buffer, limits, out request, out consumed, out error);
                    if (streaming.HeldBytes > 0) maxHeldOverArrived = Math.Max(maxHeldOverArrived, streaming.HeldBytes - 8 * arrived);
                    if (status != OperationStatus.NeedMoreData) streaming = null;
                }
                else
                {
                    status = RequestParser.TryParse(buffer, limits, out request, out consumed, out needed, out error);
                    if (status == OperationStatus.NeedMoreData && StreamingRequest.TryStart(buffer, needed, out var started, out consumed))
                    {
                        streaming = started;
                        buffer = buffer.Slice(consumed);
                        continue;
                    }
                }

                if (status == OperationStatus.InvalidData) return new Outcome(requests, status, error, maxHeldOverArrived);
                if (status == OperationStatus.NeedMoreData)
                {
                    unparsed = (streaming is null ? buffer : buffer.Slice(consumed)).ToArray();
                    break;
                }

                buffer = buffer.Slice(consumed);
                if (!request.IsEmpty) requests.Add(request);
            }
        }

        return new Outcome(requests, status, null, maxHeldOverArrived);
    }

    public static void AssertWithinLimits(Outcome outcome, RespLimits limits)
    {
        foreach (var request in outcome.Requests)
        {
            Assert.InRange(request.Count, 1, limits.MaxMultibulkLength);
            foreach (var arg in request.Args) Assert.InRange(arg.Length, 0, request.IsInline ? limits.MaxInlineLength : limits.MaxBulkLength);
        }

        if (outcome.Last == OperationStatus.InvalidData) Assert.False(string.IsNullOrEmpty(outcome.Error));
    }
}
