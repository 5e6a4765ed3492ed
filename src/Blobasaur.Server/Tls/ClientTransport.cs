using System.Net;
using System.Net.Sockets;
using System.Text;
using Blobasaur.Commands;
using Blobasaur.Commands.Security;
using Blobasaur.Protocol;

namespace Blobasaur.Server.Tls;

/// <summary>
/// Turns an accepted socket into the stream the RESP loop reads: plain (a <see cref="NetworkStream"/>) or TLS (an
/// <see cref="System.Net.Security.SslStream"/> over it, see <see cref="TlsTransport"/>). Both refuse clients that protected mode
/// keeps out. The choice is made once per listener, so the plain path costs nothing per request.
/// </summary>
internal abstract class ClientTransport(ServerContext server)
{
    protected ServerContext Server { get; } = server;

    /// <summary>The stream to serve, or null when the connection was refused (protected mode, failed TLS handshake) and closed.</summary>
    public abstract ValueTask<Stream?> OpenAsync(Socket socket, ClientState client, CancellationToken cancellation);

    protected bool DeniedByProtectedMode(Socket socket) =>
        ProtectedMode.Denies(Server.Config.Server.ProtectedMode, Server.Security.Default.NoPass, (socket.RemoteEndPoint as IPEndPoint)?.Address);

    /// <summary>Sends Redis's -DENIED text and closes, counting the connection as rejected.</summary>
    protected async ValueTask RefuseAsync(Stream stream)
    {
        Server.Clients.CountRejected();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"-{RespErrors.ProtectedModeDenied}\r\n")).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}

internal sealed class PlainTransport(ServerContext server) : ClientTransport(server)
{
    public override async ValueTask<Stream?> OpenAsync(Socket socket, ClientState client, CancellationToken cancellation)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (!DeniedByProtectedMode(socket)) return stream;
        await RefuseAsync(stream).ConfigureAwait(false);
        return null;
    }
}
