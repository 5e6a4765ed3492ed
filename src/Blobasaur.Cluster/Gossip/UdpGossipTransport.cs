using System.Net;
using System.Net.Sockets;

namespace Blobasaur.Cluster.Gossip;

/// <summary>Gossip over one UDP socket bound to the cluster port.</summary>
internal sealed class UdpGossipTransport : IGossipTransport
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    public UdpGossipTransport(IPEndPoint bind)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = true;
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start(DatagramHandler handler) => _receiving = Task.Run(() => ReceiveLoopAsync(handler));

    public void Send(byte[] datagram, IPEndPoint to)
    {
        try
        {
            var target = _socket.AddressFamily == AddressFamily.InterNetworkV6 && to.AddressFamily == AddressFamily.InterNetwork
                ? new IPEndPoint(to.Address.MapToIPv6(), to.Port) : to;
            _socket.SendTo(datagram, SocketFlags.None, target);
        }
        catch (SocketException)
        {
            // Unreachable peer, full buffer: UDP loses it, gossip retries next round.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveLoopAsync(DatagramHandler handler)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. ICMP port unreachable reported on the socket: ignore, keep listening
            }

            var from = (IPEndPoint)result.RemoteEndPoint;
            if (from.Address.IsIPv4MappedToIPv6) from = new IPEndPoint(from.Address.MapToIPv4(), from.Port);
            handler(buffer.AsSpan(0, result.ReceivedBytes), from);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }
}
