using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Blobasaur.IntegrationTests.Security;

/// <summary>
/// A throw-away PKI the tests make at run time: a CA, a server certificate for 127.0.0.1/localhost, and client certificates,
/// written as PEM files into a temporary directory.
/// </summary>
public sealed class TestPki : IDisposable
{
    public TestPki()
    {
        Directory.CreateDirectory(Dir);
        Ca = CreateCa("Blobasaur Test CA");
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());
        WriteServerCertificate("blobasaur-server-1");
        Client = Issue(Ca, "blobasaur-client", server: false);
        OtherCa = CreateCa("Some Other CA");
        StrangerClient = Issue(OtherCa, "stranger", server: false);
        File.WriteAllText(ClientCertFile, Client.ExportCertificatePem());
        File.WriteAllText(ClientKeyFile, Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "blobasaur-pki-" + Guid.NewGuid().ToString("N"));
    public string CaFile => Path.Combine(Dir, "ca.crt");
    public string CertFile => Path.Combine(Dir, "server.crt");
    public string KeyFile => Path.Combine(Dir, "server.key");
    public string ClientCertFile => Path.Combine(Dir, "client.crt");
    public string ClientKeyFile => Path.Combine(Dir, "client.key");

    public X509Certificate2 Ca { get; }
    public X509Certificate2 OtherCa { get; }
    public X509Certificate2 Client { get; }
    public X509Certificate2 StrangerClient { get; }

    /// <summary>Writes a new server certificate (key first, then certificate) and returns it.</summary>
    public X509Certificate2 WriteServerCertificate(string commonName)
    {
        var cert = Issue(Ca, commonName, server: true);
        File.WriteAllText(KeyFile, cert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertFile, cert.ExportCertificatePem());
        return cert;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the test CA (the clients' validation callback).</summary>
    public bool IsIssuedByCa(X509Certificate? certificate)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string commonName, bool server)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return signed.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
