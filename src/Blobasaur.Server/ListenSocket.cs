using System.Net;
using System.Net.Sockets;

namespace Blobasaur.Server;

/// <summary>The client listeners (plain and TLS): address reuse, dual-stack for IPv6, a backlog of 512 as Redis's default.</summary>
internal static class ListenSocket
{
    public static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
            socket.Bind(endpoint);
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
