using System.Globalization;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// One real <c>redis-server</c> that requires a password for its default user and also listens with TLS on a second
/// port, with a private CA and server certificate made by <c>openssl</c>. Tests add their own ACL users with
/// <see cref="SetUserAsync"/>. When a program is missing the fixture still initialises, and <see cref="Require"/>
/// skips (or under CI fails) each test.
/// </summary>
public sealed class SecuredRedisFixture : IAsyncLifetime
{
    /// <summary>The default user's password (<c>requirepass</c>).</summary>
    public const string AdminPassword = "admin-Secret-1";

    private RedisServer? server;
    private string? certificateFolder;
    private string missingReason = string.Empty;

    /// <summary>The TLS port on 127.0.0.1.</summary>
    public int TlsPort { get; private set; }

    /// <summary>The CA and the server certificate the TLS port uses.</summary>
    public TlsCertificates? Certificates { get; private set; }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var tools = RedisTools.Locate(out missingReason);
        if (tools is null)
        {
            return;
        }

        if (ExternalTool.Find("openssl") is null)
        {
            missingReason = "openssl not found (install the Debian package openssl).";
            return;
        }

        certificateFolder = Directory.CreateTempSubdirectory("redis-tls-").FullName;
        Certificates = await TlsCertificates.CreateAsync(certificateFolder);
        var ports = FreePorts.Take(2);
        TlsPort = ports[1];
        server = await RedisServer.StartAsync(
            tools,
            [
                "--requirepass", AdminPassword,
                "--tls-port", TlsPort.ToString(CultureInfo.InvariantCulture),
                "--tls-cert-file", Certificates.ServerCertificate,
                "--tls-key-file", Certificates.ServerKey,
                "--tls-ca-cert-file", Certificates.CaCertificate,
                "--tls-auth-clients", "no",
            ],
            ports[0],
            ["--no-auth-warning", "-a", AdminPassword]);
    }

    /// <summary>The running server (its plain port); skips or fails the calling test when a program is missing.</summary>
    public RedisServer Require()
    {
        if (server is null)
        {
            ExternalTool.SkipOrFail(missingReason);
        }

        return server!;
    }

    /// <summary>Runs <c>ACL SETUSER {user} {rules…}</c> as the default user; fails unless Redis answers OK.</summary>
    public async Task SetUserAsync(string user, IEnumerable<string> rules)
    {
        var reply = (await Require().CliAsync(["ACL", "SETUSER", user, .. rules])).Trim();
        if (reply != "OK")
        {
            throw new InvalidOperationException($"ACL SETUSER {user} was refused: {reply}");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (certificateFolder is not null)
        {
            Directory.Delete(certificateFolder, recursive: true);
        }
    }
}
