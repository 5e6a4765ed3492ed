using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Blobasaur.Commands;
using Blobasaur.Config;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server.Tls;

/// <summary>
/// The TLS client listener's transport (Redis tls-port): a TLS 1.2/1.3 handshake over the accepted socket, then the same
/// pipe-based RESP loop over the <see cref="SslStream"/>. With auth_clients = yes a client must present a certificate that
/// chains to ca_file; with optional it may present none, but one it presents must chain to ca_file.
/// </summary>
internal sealed partial class TlsTransport : ClientTransport
{
    /// <summary>A client that does not finish its handshake in this time is dropped (it holds a connection slot meanwhile).</summary>
    private static readonly TimeSpan _handshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TlsSection _config;
    private readonly ILogger _logger;

    public TlsTransport(ServerContext server, TlsSection config, ILoggerFactory loggers) : base(server)
    {
        _config = config;
        _logger = loggers.CreateLogger("Blobasaur.Tls");
        Certificates = new TlsCertificates(config, loggers);
    }

    public TlsCertificates Certificates { get; }

    public IPEndPoint Address => ListenAddress.Parse(_config.Addr) is var endpoint && _config.Port is { } port
        ? new IPEndPoint(endpoint.Address, port)
        : endpoint;

    public override async ValueTask<Stream?> OpenAsync(Socket socket, ClientState client, CancellationToken cancellation)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, ValidateClient);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_handshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = Certificates.ServerCertificate,
                ClientCertificateRequired = _config.AuthClients != TlsClientAuth.No,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or OperationCanceledException
            or ObjectDisposedException)
        {
            LogHandshakeFailed(client.Address, ex.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        if (!DeniedByProtectedMode(socket)) return ssl;
        await RefuseAsync(ssl).ConfigureAwait(false);
        return null;
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_config.AuthClients == TlsClientAuth.No) return true;
        if (certificate is null) return _config.AuthClients == TlsClientAuth.Optional;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(Certificates.ClientAuthorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    [LoggerMessage(EventId = 722, Level = LogLevel.Debug, Message = "TLS handshake with {Address} failed: {Reason}")]
    private partial void LogHandshakeFailed(string address, string reason);
}
