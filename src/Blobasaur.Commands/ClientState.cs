using Blobasaur.Protocol;

namespace Blobasaur.Commands;

/// <summary>
/// Per-connection state that commands may read and change (protocol, name, library info). The hosting layer owns the
/// socket; it creates one of these per connection and registers it in <see cref="ClientRegistry"/>.
/// </summary>
public sealed class ClientState
{
    private long _lastInteractionMs;

    public ClientState(long id, string address, string localAddress, long nowMs)
    {
        Id = id;
        Address = address;
        LocalAddress = localAddress;
        CreatedAtMs = nowMs;
        _lastInteractionMs = nowMs;
    }

    public long Id { get; }
    public string Address { get; }
    public string LocalAddress { get; }
    public long CreatedAtMs { get; }
    public ProtocolVersion Protocol { get; set; } = ProtocolVersion.Resp2;
    public string? Name { get; set; }
    public string? LibName { get; set; }
    public string? LibVersion { get; set; }
    public bool NoEvict { get; set; }
    public bool NoTouch { get; set; }
    public string User { get; set; } = "default";

    /// <summary>The user AUTH or HELLO AUTH signed in as; null before that (see Security.AccessControl.UserOf).</summary>
    public Security.AclUser? Principal { get; set; }
    public string LastCommand { get; set; } = "NULL";

    /// <summary>ASKING / READONLY (cluster mode; see Cluster/ClusterRouter.cs).</summary>
    public Cluster.ClusterClientFlags ClusterFlags { get; set; }

    /// <summary>Set by MONITOR: the hosting layer streams this subscription's lines to the client.</summary>
    public Server.MonitorSubscription? Monitor { get; set; }

    /// <summary>Per-connection figures for CLIENT LIST, kept by the hosting layer (one writer: the connection's loop).</summary>
    public ConnectionFigures Figures { get; } = new();

    /// <summary>Set by QUIT: the hosting layer writes the reply, flushes and closes.</summary>
    public bool CloseAfterReply { get; set; }

    /// <summary>Set by CLIENT KILL or the idle timeout: the hosting layer closes the connection.</summary>
    public CancellationTokenSource Closing { get; } = new();

    public long LastInteractionMs => Volatile.Read(ref _lastInteractionMs);

    public void Touch(long nowMs) => Volatile.Write(ref _lastInteractionMs, nowMs);

    /// <summary>RESET: back to a fresh connection's state (RESP2, no name), keeping the identity.</summary>
    public void Reset()
    {
        Protocol = ProtocolVersion.Resp2;
        Name = null;
        NoEvict = false;
        NoTouch = false;
        User = "default";
        ClusterFlags = Cluster.ClusterClientFlags.None;
        Principal = null;
        Monitor?.Dispose();
        Monitor = null;
    }

    /// <summary>The connection ended: stop any MONITOR subscription.</summary>
    public void Closed()
    {
        Monitor?.Dispose();
        Monitor = null;
    }
}
