using System.Collections.Concurrent;

namespace Blobasaur.Commands;

/// <summary>The live connections, for CLIENT LIST, INFO clients and maxclients. Ids are never reused (as in Redis).</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, ClientState> _clients = new();
    private long _nextId;
    private long _totalConnections;
    private long _rejectedConnections;

    public int Count => _clients.Count;
    public long TotalConnections => Interlocked.Read(ref _totalConnections);
    public long RejectedConnections => Interlocked.Read(ref _rejectedConnections);

    public IEnumerable<ClientState> All => _clients.Values.OrderBy(c => c.Id);

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(ClientState client)
    {
        _clients[client.Id] = client;
        Interlocked.Increment(ref _totalConnections);
    }

    public void Remove(ClientState client) => _clients.TryRemove(client.Id, out _);

    public void CountRejected() => Interlocked.Increment(ref _rejectedConnections);

    public bool TryGet(long id, out ClientState client) => _clients.TryGetValue(id, out client!);
}
