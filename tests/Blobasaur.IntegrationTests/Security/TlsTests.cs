using System.Diagnostics;
using System.Security.Authentication;
using Blobasaur.Testing;
using StackExchange.Redis;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>TLS without client certificates: raw SslStream, StackExchange.Redis 1.2.6 and redis-cli --tls.</summary>
public sealed class TlsTests(TlsServerNoClientAuth server) : IClassFixture<TlsServerNoClientAuth>
{
    [OwnServerFact]
    public async Task Resp_runs_over_tls_and_the_plain_port_keeps_working()
    {
        await using var tls = await server.ConnectTlsAsync();
        await using var plain = await server.ConnectAsync();

        Assert.Equal("+PONG", await tls.SendLineAsync("PING"));
        Assert.Equal("+OK", await tls.SendLineAsync("SET", "tls:k", "over-tls"));
        Assert.Equal("over-tls", await plain.SendAsync("GET", "tls:k"));
        Assert.Equal("CN=blobasaur-server-1", tls.ServerCertificate.Subject);
        Assert.True(tls.Stream.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13);
    }

    [OwnServerFact]
    public async Task A_plain_text_client_on_the_tls_port_gets_nothing_and_the_server_stays_up()
    {
        await using var wrong = await RespConnection.ConnectAsync("127.0.0.1", server.TlsPort);
        await wrong.WriteAsync("PING\r\n");

        Assert.True(await wrong.IsClosedByServerAsync(TimeSpan.FromSeconds(20)));
        await using var tls = await server.ConnectTlsAsync();
        Assert.Equal("+PONG", await tls.SendLineAsync("PING"));
    }

    [OwnServerFact]
    public async Task StackExchange_redis_connects_over_tls()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", server.TlsPort } },
            Ssl = true,
            SslHost = "localhost",
            AbortOnConnectFail = false,
            ConnectTimeout = 10000,
            SyncTimeout = 10000,
        };
        options.CertificateValidation += (_, cert, _, _) => server.Pki.IsIssuedByCa(cert);
        using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected), TimeSpan.FromSeconds(20)), redis.GetStatus());
        Assert.True(await db.StringSetAsync("tls:se", "se-value"));
        Assert.Equal("se-value", (string?)await db.StringGetAsync("tls:se"));
    }

    [RedisCliFact]
    public async Task Redis_cli_connects_with_tls_and_the_ca()
    {
        var (code, output) = await RedisCli.RunAsync("--tls", "--cacert", server.Pki.CaFile, "-h", "127.0.0.1",
            "-p", server.TlsPort.ToString(), "PING");

        Assert.True(code == 0, output);
        Assert.Equal("PONG", output.Trim());
    }
}

/// <summary>auth_clients = "yes": a certificate from the CA is required.</summary>
public sealed class TlsClientCertificateTests(TlsServerClientAuthRequired server) : IClassFixture<TlsServerClientAuthRequired>
{
    [OwnServerFact]
    public async Task A_client_with_a_certificate_from_the_ca_is_served()
    {
        await using var tls = await server.ConnectTlsAsync(server.Pki.Client);

        Assert.Equal("+PONG", await tls.SendLineAsync("PING"));
    }

    [OwnServerFact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        Assert.False(await ServesAsync(server, null));
        await using var good = await server.ConnectTlsAsync(server.Pki.Client);
        Assert.Equal("+PONG", await good.SendLineAsync("PING"));
    }

    [OwnServerFact]
    public async Task A_client_with_a_certificate_from_another_ca_is_refused()
    {
        Assert.False(await ServesAsync(server, server.Pki.StrangerClient));
    }

    [OwnServerFact]
    public async Task StackExchange_redis_presents_its_client_certificate()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", server.TlsPort } },
            Ssl = true,
            SslHost = "localhost",
            AbortOnConnectFail = false,
            ConnectTimeout = 10000,
            SyncTimeout = 10000,
        };
        options.CertificateValidation += (_, cert, _, _) => server.Pki.IsIssuedByCa(cert);
        options.CertificateSelection += (_, _, _, _, _) => server.Pki.Client;
        using var redis = await ConnectionMultiplexer.ConnectAsync(options);

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected), TimeSpan.FromSeconds(20)), redis.GetStatus());
        Assert.Equal("PONG", (string?)await redis.GetDatabase().ExecuteAsync("PING"));
    }

    [RedisCliFact]
    public async Task Redis_cli_connects_with_its_client_certificate_and_is_refused_without()
    {
        var port = server.TlsPort.ToString();
        var (withCert, output) = await RedisCli.RunAsync("--tls", "--cacert", server.Pki.CaFile, "--cert", server.Pki.ClientCertFile,
            "--key", server.Pki.ClientKeyFile, "-h", "127.0.0.1", "-p", port, "PING");
        var (_, refused) = await RedisCli.RunAsync("--tls", "--cacert", server.Pki.CaFile, "-h", "127.0.0.1", "-p", port, "PING");

        Assert.True(withCert == 0, output);
        Assert.Equal("PONG", output.Trim());
        Assert.NotEqual("PONG", refused.Trim());
    }

    /// <summary>Whether a PING over a TLS connection made with <paramref name="certificate"/> is answered.</summary>
    internal static async Task<bool> ServesAsync(TlsServer server, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        try
        {
            await using var tls = await server.ConnectTlsAsync(certificate);
            return await tls.SendLineAsync("PING") == "+PONG";
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>auth_clients = "optional": no certificate is fine, a certificate from another CA is not.</summary>
public sealed class TlsOptionalClientCertificateTests(TlsServerClientAuthOptional server) : IClassFixture<TlsServerClientAuthOptional>
{
    [OwnServerFact]
    public async Task Clients_with_no_certificate_or_one_from_the_ca_are_served_others_refused()
    {
        Assert.True(await TlsClientCertificateTests.ServesAsync(server, null));
        Assert.True(await TlsClientCertificateTests.ServesAsync(server, server.Pki.Client));
        Assert.False(await TlsClientCertificateTests.ServesAsync(server, server.Pki.StrangerClient));
    }
}

/// <summary>Certificates are reloaded without a restart.</summary>
public sealed class TlsReloadTests(TlsServerForReload server) : IClassFixture<TlsServerForReload>
{
    [OwnServerFact]
    public async Task New_handshakes_use_a_rewritten_certificate_and_open_connections_keep_working()
    {
        await using var before = await server.ConnectTlsAsync();
        Assert.Equal("CN=blobasaur-server-1", before.ServerCertificate.Subject);

        server.Pki.WriteServerCertificate("blobasaur-server-2");

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await using var after = await server.ConnectTlsAsync();
            return after.ServerCertificate.Subject == "CN=blobasaur-server-2";
        }, TimeSpan.FromSeconds(30)), "the new certificate was not picked up");
        Assert.True(server.Server.TlsCertificates!.Generation >= 2);
        Assert.Equal("+PONG", await before.SendLineAsync("PING"));
    }

    [OwnServerFact]
    public async Task A_broken_rewrite_keeps_the_previous_certificate()
    {
        var generation = server.Server.TlsCertificates!.Generation;
        var goodKey = await File.ReadAllTextAsync(server.Pki.KeyFile);
        await File.WriteAllTextAsync(server.Pki.KeyFile, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        try
        {
            await Task.Delay(1500);
            await using var during = await server.ConnectTlsAsync();

            Assert.Equal("+PONG", await during.SendLineAsync("PING"));
            Assert.Equal(generation, server.Server.TlsCertificates.Generation);
        }
        finally
        {
            await File.WriteAllTextAsync(server.Pki.KeyFile, goodKey);
        }
    }
}

internal static class RedisCli
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(RedisCliFactAttribute.RedisCli!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
