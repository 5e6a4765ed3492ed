using System.Net;
using System.Net.Sockets;
using Blobasaur.Commands;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server.Tls;

/// <summary>
/// The hosting side of security: the plain transport for <c>addr</c>, and when <c>[tls] enabled</c> a second listener on
/// <c>tls.addr</c> whose connections get a TLS handshake first. Building it loads the users (a bad ACL rule stops startup)
/// and the certificates (a bad file stops startup, naming it).
/// </summary>
internal sealed partial class TlsListener
{
    private readonly ServerContext _server;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private TlsTransport? _tls;
    private Socket? _socket;

    public TlsListener(ServerContext server, ILoggerFactory loggers)
    {
        _server = server;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Blobasaur.Tls");
        Plain = new PlainTransport(server);
    }

    /// <summary>Loads the users and the TLS files before anything listens; throws <see cref="Config.ConfigException"/>.</summary>
    public void Prepare()
    {
        _ = _server.Security;
        if (_server.Config.Tls.Enabled) _tls ??= new TlsTransport(_server, _server.Config.Tls, _loggers);
    }

    public ClientTransport Plain { get; }

    public TlsCertificates? Certificates => _tls?.Certificates;

    public IPEndPoint? EndPoint => _socket?.LocalEndPoint as IPEndPoint;

    /// <summary>Binds the TLS listener and starts its accept loop; a completed task when TLS is off.</summary>
    public Task Start(Func<Socket, ClientTransport, Task> acceptLoop)
    {
        if (_tls is null) return Task.CompletedTask;
        var endpoint = _tls.Address;
        var socket = ListenSocket.Bind(endpoint);
        _socket = socket;
        LogListening(socket.LocalEndPoint!.ToString()!, _server.Config.Tls.AuthClients.ToString().ToLowerInvariant());
        return acceptLoop(socket, _tls);
    }

    public void Close() => _socket?.Close();

    [LoggerMessage(EventId = 723, Level = LogLevel.Information, Message = "Listening for TLS clients on {Endpoint} (client certificates: {AuthClients})")]
    private partial void LogListening(string endpoint, string authClients);
}
