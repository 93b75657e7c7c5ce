namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A private certificate authority and a server certificate it signed (for <c>localhost</c> and <c>127.0.0.1</c>),
/// made with <c>openssl</c> into a folder of their own. A second, unrelated CA stands for "a CA the client trusts that
/// did not sign the server's certificate".
/// </summary>
public sealed class TlsCertificates
{
    private TlsCertificates(string directory) => Directory = directory;

    /// <summary>The folder holding the files.</summary>
    public string Directory { get; }

    /// <summary>The CA's certificate (PEM), which signed <see cref="ServerCertificate"/>.</summary>
    public string CaCertificate => Path.Combine(Directory, "ca.crt");

    /// <summary>Another CA's certificate (PEM), which signed nothing the server uses.</summary>
    public string OtherCaCertificate => Path.Combine(Directory, "other-ca.crt");

    /// <summary>The server's certificate (PEM).</summary>
    public string ServerCertificate => Path.Combine(Directory, "server.crt");

    /// <summary>The server's private key (PEM, unencrypted).</summary>
    public string ServerKey => Path.Combine(Directory, "server.key");

    /// <summary>Makes both CAs and the server certificate in <paramref name="directory"/>.</summary>
    public static async Task<TlsCertificates> CreateAsync(string directory)
    {
        var openssl = ExternalTool.Find("openssl")
            ?? throw new InvalidOperationException("openssl not found (install the Debian package openssl).");
        var files = new TlsCertificates(directory);
        await File.WriteAllTextAsync(
            Path.Combine(directory, "server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        foreach (var ca in new[] { "ca", "other-ca" })
        {
            await RunAsync(openssl, directory, "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-sha256", "-days", "2",
                "-keyout", ca + ".key", "-out", ca + ".crt", "-subj", "/CN=metrics-test-" + ca);
        }

        await RunAsync(openssl, directory, "req", "-new", "-nodes", "-newkey", "rsa:2048", "-sha256",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        await RunAsync(openssl, directory, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.crt", "-days", "2", "-sha256", "-extfile", "server.ext");
        return files;
    }

    private static async Task RunAsync(string openssl, string directory, params string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(openssl, arguments, workingDirectory: directory);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
        }
    }
}
