namespace Blobasaur.Storage;

// An exclusive lock on data_dir/blobasaur.lock while a store is open, so two servers never write one directory.
// FileShare.None takes an flock(LOCK_EX) on Unix: the OS releases it if the process dies, so a kill -9 never leaves
// a stale lock behind (the file itself stays, which is harmless).
internal sealed class DataDirLock : IDisposable
{
    public const string FileName = "blobasaur.lock";
    private readonly FileStream _stream;

    private DataDirLock(FileStream stream) => _stream = stream;

    public static DataDirLock Acquire(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            stream.Flush();
            return new DataDirLock(stream);
        }
        catch (IOException ex)
        {
            throw new StorageLayoutException($"{dataDir} is in use by another Blobasaur process (lock file {path}).", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
