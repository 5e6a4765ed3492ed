using System.Collections.Concurrent;
using Blobasaur.Config;

namespace Blobasaur.Storage;

// Up to [sqlite] max_connections read connections per shard, opened on first need and kept. A caller waits
// (asynchronously) only when all of them are busy; it never waits for the writer.
internal sealed class ShardReadPool(string path, BlobasaurConfig config, ValueCompression compression) : IDisposable
{
    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private readonly ConcurrentBag<ReadConnection> _all = [];
    private readonly SemaphoreSlim _slots = new(Math.Max(1, config.Sqlite.MaxConnections));

    public async ValueTask<ReadConnection> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_idle.TryTake(out var connection))
            return connection;
        try
        {
            connection = new ReadConnection(path, config, compression);
        }
        catch
        {
            _slots.Release();
            throw;
        }
        _all.Add(connection);
        return connection;
    }

    public void Return(ReadConnection connection)
    {
        _idle.Add(connection);
        _slots.Release();
    }

    public void Dispose()
    {
        foreach (var connection in _all)
            connection.Dispose();
        _slots.Dispose();
    }
}
