using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Blobasaur.Config;
using Blobasaur.Testing;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>An in-process server with the TLS listener on, certificates from a <see cref="TestPki"/> made for it.</summary>
public abstract class TlsServer : TestServer
{
    public TestPki Pki { get; } = new();

    protected abstract TlsClientAuth AuthClients { get; }

    public int TlsPort => Server.TlsEndPoint!.Port;

    protected override BlobasaurConfig Configure(BlobasaurConfig config) => config with
    {
        Tls = new TlsSection
        {
            Enabled = true,
            // tls.port replaces the port of tls.addr: these fixtures run side by side, so a port taken from addr would collide.
            Addr = "127.0.0.1:6380",
            Port = 0,
            CertFile = Pki.CertFile,
            KeyFile = Pki.KeyFile,
            CaFile = AuthClients == TlsClientAuth.No ? null : Pki.CaFile,
            AuthClients = AuthClients,
        },
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Pki.Dispose();
    }

    /// <summary>Opens a TLS connection (TLS 1.2 or 1.3, the server certificate checked against the test CA).</summary>
    public async Task<TlsClient> ConnectTlsAsync(X509Certificate2? clientCertificate = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", TlsPort);
        var ssl = new SslStream(tcp.GetStream(), false, (_, cert, _, _) => Pki.IsIssuedByCa(cert));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
        }, timeout.Token);
        return new TlsClient(tcp, ssl);
    }
}

public sealed class TlsClient(TcpClient tcp, SslStream ssl) : IAsyncDisposable
{
    public SslStream Stream => ssl;

    public X509Certificate2 ServerCertificate => new(ssl.RemoteCertificate!);

    /// <summary>Sends one command and reads one line of reply ("+PONG"); null when the server closed the connection.</summary>
    public async Task<string?> SendLineAsync(params string[] args)
    {
        await ssl.WriteAsync(RespConnection.Encode(args));
        await ssl.FlushAsync();
        var line = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var n = await ssl.ReadAsync(one, timeout.Token);
            if (n == 0) return null;
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ssl.DisposeAsync();
        tcp.Dispose();
    }
}

public sealed class TlsServerNoClientAuth : TlsServer
{
    protected override TlsClientAuth AuthClients => TlsClientAuth.No;
}

public sealed class TlsServerClientAuthRequired : TlsServer
{
    protected override TlsClientAuth AuthClients => TlsClientAuth.Yes;
}

public sealed class TlsServerClientAuthOptional : TlsServer
{
    protected override TlsClientAuth AuthClients => TlsClientAuth.Optional;
}

/// <summary>Its own server, since the reload test rewrites the certificate files.</summary>
public sealed class TlsServerForReload : TlsServer
{
    protected override TlsClientAuth AuthClients => TlsClientAuth.No;
}

/// <summary>A test that runs redis-cli (apt redis-tools, installed by .ci/run); skipped where it is not installed.</summary>
public sealed class RedisCliFactAttribute : FactAttribute
{
    public static string? RedisCli => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(d => Path.Combine(d, "redis-cli")).FirstOrDefault(File.Exists);

    public RedisCliFactAttribute()
    {
        if (TestServer.ExternalTarget is not null) Skip = "needs the in-process server (BLOBASAUR_TEST_TARGET is set)";
        else if (RedisCli is null) Skip = "redis-cli is not installed (apt redis-tools)";
    }
}
