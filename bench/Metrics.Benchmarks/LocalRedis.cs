using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// A <c>redis-server</c> of the benchmark's own on a free loopback port, persistence off, in a temporary folder;
/// disposing kills it and deletes the folder.
/// </summary>
internal sealed class LocalRedis : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Process process;
    private readonly string directory;

    private LocalRedis(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        EndPoint = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>127.0.0.1:{port}</c>, a StackExchange.Redis configuration string.</summary>
    public string EndPoint { get; }

    /// <summary>
    /// Starts <c>redis-server</c> from the PATH, with <paramref name="extraArguments"/> after the usual ones, and waits
    /// until it accepts connections.
    /// </summary>
    public static LocalRedis Start(params string[] extraArguments)
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("redis-bench-").FullName;
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            WorkingDirectory = directory,
        };
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty,
            "--appendonly", "no", "--dir", directory, .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("The Redis benchmarks need redis-server on the PATH (Debian: apt-get install redis-server).", e);
        }

        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var redis = new LocalRedis(process, directory, port);
        redis.WaitUntilListening(port);
        return redis;
    }

    /// <summary>Kills the server and deletes its folder.</summary>
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private void WaitUntilListening(int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (!process.HasExited && clock.Elapsed < StartTimeout)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
