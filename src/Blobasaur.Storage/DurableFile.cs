using System.Runtime.InteropServices;

namespace Blobasaur.Storage;

/// <summary>
/// Durable file replacement for small records (the layout record, migration plans, backup manifests): a crash leaves either
/// the old file or the whole new one, never half of one.
/// </summary>
internal static class DurableFile
{
    /// <summary>Writes a temporary file, fsyncs it, renames it over the target, then fsyncs the directory so the rename is durable.</summary>
    public static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static void FsyncFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Makes renames and deletions inside <paramref name="dir"/> durable (Linux/macOS; elsewhere the rename is made
    /// durable with the file's metadata and there is no directory handle to flush).</summary>
    public static void FsyncDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        var fd = Posix.Open(dir, 0 /* O_RDONLY */);
        if (fd < 0)
            return;
        try
        {
            _ = Posix.Fsync(fd);
        }
        finally
        {
            _ = Posix.Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks, which this project avoids.
    private static class Posix
    {
        [DllImport("libc", EntryPoint = "open")]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync")]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close")]
        public static extern int Close(int fd);
    }
}
