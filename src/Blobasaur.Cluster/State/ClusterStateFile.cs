using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Blobasaur.Cluster.State;

/// <summary>One node line of the state file.</summary>
internal sealed record PersistedNode(
    string Id, string Ip, int Port, int ClusterPort, string? Hostname, bool Myself, string? PrimaryId, long ConfigEpoch,
    IReadOnlyList<SlotSpan> Slots);

/// <summary>What survives a restart: ids, epochs, known nodes and the slot table as this node sees it.</summary>
/// <param name="Generation">The incarnation of the run that wrote the file; the next start picks a larger one.</param>
internal sealed record PersistedState(long CurrentEpoch, long LastVoteEpoch, IReadOnlyList<PersistedNode> Nodes, long Generation = 0)
{
    public PersistedNode Myself => Nodes.First(n => n.Myself);
}

/// <summary>
/// The cluster state file, <c>nodes.conf</c> in the state directory, in the text format of Redis's nodes.conf (one
/// CLUSTER NODES-style line per node, then <c>vars currentEpoch N lastVoteEpoch M</c>), so an operator can read it with the
/// same eyes. Ping/pong times and failure flags are not kept: they describe the past run.
/// Saving is atomic and durable: write <c>nodes.conf.tmp</c>, fsync it, rename over <c>nodes.conf</c>, fsync the directory.
/// A crash leaves either the old or the new file, never a torn one.
/// </summary>
internal static class ClusterStateFile
{
    public const string FileName = "nodes.conf";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static PersistedState? Load(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        long currentEpoch = 0, lastVote = 0, generation = 0;
        var nodes = new List<PersistedNode>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "vars")
            {
                for (var p = 1; p + 1 < parts.Length; p += 2)
                {
                    if (parts[p] == "currentEpoch") currentEpoch = ParseLong(parts[p + 1], path, i);
                    else if (parts[p] == "lastVoteEpoch") lastVote = ParseLong(parts[p + 1], path, i);
                    else if (parts[p] == "generation") generation = ParseLong(parts[p + 1], path, i);
                }

                continue;
            }

            nodes.Add(ParseNode(parts, path, i));
        }

        if (nodes.Count(n => n.Myself) != 1)
            throw new InvalidDataException($"{path}: exactly one node line must carry the myself flag");
        return new PersistedState(currentEpoch, lastVote, nodes, generation);
    }

    public static void Save(string directory, PersistedState state) => Write(directory, Render(state));

    public static string Render(PersistedState state)
    {
        var text = new StringBuilder();
        text.Append("# Blobasaur cluster state: written atomically by the server, do not edit while it runs\n");
        foreach (var node in state.Nodes)
        {
            var address = $"{node.Ip}:{node.Port}@{node.ClusterPort}" + (node.Hostname is null ? "" : "," + node.Hostname);
            var flags = (node.Myself ? "myself," : "") + (node.PrimaryId is null ? "master" : "slave");
            text.Append(CultureInfo.InvariantCulture,
                $"{node.Id} {address} {flags} {node.PrimaryId ?? "-"} 0 0 {node.ConfigEpoch} connected");
            if (node.Slots.Count > 0) text.Append(' ').Append(SlotRanges.Format(node.Slots, ' '));
            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture,
            $"vars currentEpoch {state.CurrentEpoch} lastVoteEpoch {state.LastVoteEpoch} generation {state.Generation}\n");

        return text.ToString();
    }

    /// <summary>Atomically replaces the state file with <paramref name="text"/> (temp file, fsync, rename, fsync directory).</summary>
    public static void Write(string directory, string text)
    {
        Directory.CreateDirectory(directory);
        var path = PathIn(directory);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        SyncDirectory(directory);
    }

    private static PersistedNode ParseNode(string[] parts, string path, int line)
    {
        if (parts.Length < 8 || !NodeId.IsValid(parts[0]))
            throw new InvalidDataException($"{path}:{line + 1}: not a node line");
        var address = parts[1];
        string? hostname = null;
        var comma = address.IndexOf(',');
        if (comma >= 0)
        {
            hostname = address[(comma + 1)..];
            address = address[..comma];
        }

        var at = address.LastIndexOf('@');
        var colon = at < 0 ? -1 : address.LastIndexOf(':', at);
        if (colon < 0) throw new InvalidDataException($"{path}:{line + 1}: address must be ip:port@cport");
        var flags = parts[2].Split(',');
        var slots = new List<SlotSpan>();
        if (!SlotRanges.TryParse(string.Join(' ', parts.Skip(8)), ' ', slots))
            throw new InvalidDataException($"{path}:{line + 1}: bad slot list");
        return new PersistedNode(parts[0], address[..colon], (int)ParseLong(address[(colon + 1)..at], path, line),
            (int)ParseLong(address[(at + 1)..], path, line), hostname, flags.Contains("myself"),
            parts[3] == "-" ? null : parts[3], ParseLong(parts[6], path, line), slots);
    }

    private static long ParseLong(string text, string path, int line) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : throw new InvalidDataException($"{path}:{line + 1}: '{text}' is not a number");

    // rename() is durable only once the directory entry is on disk too. .NET cannot open a directory as a FileStream, so
    // this calls open(2)/fsync(2) directly on Linux and macOS; Windows has no directory fsync (NTFS journals the rename).
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = NativeMethods.open(Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0"), 0 /* O_RDONLY */);
        if (fd < 0) return;
        try { _ = NativeMethods.fsync(fd); }
        finally { _ = NativeMethods.close(fd); }
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for its generated stubs; these take only blittables.
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
