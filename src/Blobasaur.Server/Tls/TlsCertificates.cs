using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Blobasaur.Config;
using Microsoft.Extensions.Logging;

namespace Blobasaur.Server.Tls;

/// <summary>
/// The server certificate (with its chain) and the client CA, loaded from PEM files and reloaded without a restart: before a
/// handshake, at most once a second, the files' modification times are compared with the loaded ones, and a change loads them
/// again. Connections already open keep their session; new handshakes use the new certificate. A reload that fails (a
/// half-written file, a key that does not match) is logged and the previous certificate stays in use.
/// </summary>
public sealed partial class TlsCertificates
{
    private static readonly long _checkInterval = Stopwatch.Frequency;

    private readonly TlsSection _config;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Loaded _current;
    private long _lastCheck;
    private string? _failedStamp;

    /// <summary>Loads the files; throws <see cref="ConfigException"/> naming the file when they cannot be used.</summary>
    public TlsCertificates(TlsSection config, ILoggerFactory loggers)
    {
        _config = config;
        _logger = loggers.CreateLogger("Blobasaur.Tls");
        try
        {
            _current = Load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException
            or ArgumentException)
        {
            throw new ConfigException("config", "tls.cert_file",
                $"TLS files cannot be used (cert_file {config.CertFile}, key_file {config.KeyFile}, ca_file {config.CaFile ?? "none"}): "
                + $"{ex.Message}; they must be PEM files, the key matching the certificate", ex);
        }

        _lastCheck = Stopwatch.GetTimestamp();
    }

    /// <summary>How many times the files were loaded (1 at start); tests use it to wait for a reload.</summary>
    public int Generation => _current.Generation;

    public SslStreamCertificateContext ServerCertificate => Refresh().Context;

    public X509Certificate2 ServerLeaf => Refresh().Leaf;

    /// <summary>The CA certificates client certificates must chain to (empty without ca_file).</summary>
    public X509Certificate2Collection ClientAuthorities => Refresh().Authorities;

    private Loaded Refresh()
    {
        var now = Stopwatch.GetTimestamp();
        if (now - Volatile.Read(ref _lastCheck) < _checkInterval) return _current;
        lock (_gate)
        {
            if (now - _lastCheck < _checkInterval) return _current;
            _lastCheck = now;
            try
            {
                var stamp = Stamp();
                if (stamp == _current.Stamp || stamp == _failedStamp) return _current;
                _failedStamp = stamp;
                _current = Load(_current.Generation + 1);
                _failedStamp = null;
                LogReloaded(_config.CertFile!, _current.Leaf.Subject, _current.Leaf.NotAfter);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException
                or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                LogReloadFailed(ex, _config.CertFile!);
            }

            return _current;
        }
    }

    private string Stamp() => string.Join('|', new[] { _config.CertFile, _config.KeyFile, _config.CaFile }
        .Select(f => f is null ? "" : File.GetLastWriteTimeUtc(f).Ticks + ":" + new FileInfo(f).Length));

    private Loaded Load(int generation = 1)
    {
        var stamp = Stamp();
        var leaf = X509Certificate2.CreateFromPemFile(_config.CertFile!, _config.KeyFile);
        if (!leaf.HasPrivateKey) throw new ArgumentException("the key file holds no private key for the certificate");
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(_config.CertFile!);
        var intermediates = new X509Certificate2Collection();
        foreach (var cert in chain)
            if (cert.Thumbprint != leaf.Thumbprint) intermediates.Add(cert);
        var authorities = new X509Certificate2Collection();
        if (_config.CaFile is not null) authorities.ImportFromPemFile(_config.CaFile);
        if (_config.CaFile is not null && authorities.Count == 0) throw new ArgumentException("ca_file holds no certificate");
        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return new Loaded(context, leaf, authorities, stamp, generation);
    }

    private sealed record Loaded(SslStreamCertificateContext Context, X509Certificate2 Leaf, X509Certificate2Collection Authorities,
        string Stamp, int Generation);

    [LoggerMessage(EventId = 720, Level = LogLevel.Information, Message = "TLS certificate reloaded from {File}: {Subject}, valid until {NotAfter}")]
    private partial void LogReloaded(string file, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 721, Level = LogLevel.Error, Message = "TLS certificate reload from {File} failed; the previous certificate stays in use")]
    private partial void LogReloadFailed(Exception ex, string file);
}
