using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// One real Graphite <c>carbon-cache</c> (Debian package <c>graphite-carbon</c>) in the foreground, in its own temporary
/// directory: line receiver on a loopback port, tags enabled with plain (not hashed) file names, every metric kept at a
/// one-second resolution, no create or update rate limits. <see cref="ReadAsync"/> reads what it wrote to whisper files
/// (python3-whisper). Disposing kills the process and deletes the directory.
/// </summary>
public sealed class CarbonServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // Prints "metric<TAB>latest value" for every whisper file; tagged series are stored as _tagged/abc/def/<name;tags>.wsp.
    private const string ReadScript = """
        import os, sys, time, whisper
        root = sys.argv[1]
        now = int(time.time())
        for folder, _, files in os.walk(root):
            for file in files:
                if not file.endswith('.wsp'):
                    continue
                path = os.path.join(folder, file)
                relative = os.path.relpath(path, root)[:-4]
                if relative.startswith('_tagged' + os.sep):
                    name = os.path.basename(relative).replace('_DOT_', '.')
                else:
                    name = relative.replace(os.sep, '.')
                try:
                    values = [v for v in whisper.fetch(path, now - 3600, now)[1] if v is not None]
                except whisper.CorruptWhisperFile:
                    # carbon is still writing the file's header: it holds no value yet.
                    continue
                if values:
                    print(name + '\t' + repr(values[-1]))
        """;

    private readonly ServerProcess process;

    private readonly string python;

    private CarbonServer(ServerProcess process, int port, string python)
    {
        this.python = python;
        this.process = process;
        Port = port;
    }

    /// <summary>The line receiver port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:{port}</c>, the bridge's address.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The last lines carbon printed, for failure messages.</summary>
    public string Log => process.Log;

    /// <summary>The carbon-cache program, or null with the reason (skip or, under CI, fail) when it or python3-whisper is missing.</summary>
    public static string? Locate(out string missingReason)
    {
        var carbon = ExternalTool.Find("carbon-cache");
        var whisperFetch = ExternalTool.Find("whisper-fetch");
        missingReason = carbon is null || whisperFetch is null
            ? "carbon-cache or whisper-fetch is not installed (install the Debian package 'graphite-carbon', which brings python3-whisper)."
            : string.Empty;
        return missingReason.Length == 0 ? carbon : null;
    }

    /// <summary>Starts carbon-cache with its line receiver on <paramref name="port"/> (a free one when null) and waits until it accepts connections.</summary>
    public static async Task<CarbonServer> StartAsync(string carbonPath, int? port = null)
    {
        var linePort = port ?? FreePorts.Take(1)[0];
        var directory = ServerProcess.CreateDirectory("carbon-test-");
        var whisper = Path.Combine(directory, "whisper") + "/";
        Directory.CreateDirectory(whisper);
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        await File.WriteAllTextAsync(Path.Combine(directory, "storage-schemas.conf"), "[all]\npattern = .*\nretentions = 1s:1h\n");
        var configuration = Path.Combine(directory, "carbon.conf");
        await File.WriteAllTextAsync(configuration, $"""
            [cache]
            STORAGE_DIR = {directory}/
            LOCAL_DATA_DIR = {whisper}
            WHISPER_DIR = {whisper}
            CONF_DIR = {directory}/
            LOG_DIR = {directory}/log/
            PID_DIR = {directory}/
            USER =
            ENABLE_LOGROTATION = False
            MAX_CACHE_SIZE = inf
            MAX_UPDATES_PER_SECOND = inf
            MAX_CREATES_PER_MINUTE = inf
            LINE_RECEIVER_INTERFACE = 127.0.0.1
            LINE_RECEIVER_PORT = {linePort.ToString(CultureInfo.InvariantCulture)}
            ENABLE_UDP_LISTENER = False
            PICKLE_RECEIVER_INTERFACE = 127.0.0.1
            PICKLE_RECEIVER_PORT = 0
            CACHE_QUERY_INTERFACE = 127.0.0.1
            CACHE_QUERY_PORT = 0
            ENABLE_TAGS = True
            TAG_HASH_FILENAMES = False
            LOG_LISTENER_CONN_SUCCESS = False
            LOG_UPDATES = False
            LOG_CACHE_HITS = False

            """);
        var process = ServerProcess.Start(carbonPath, ["--config=" + configuration, "--nodaemon", "start"], directory);

        // The interpreter carbon runs on (its script's #! line) is the one that has the whisper module.
        var python = (await File.ReadAllLinesAsync(carbonPath))[0].TrimStart('#', '!', ' ').Split(' ')[0];
        var server = new CarbonServer(process, linePort, python);
        try
        {
            await server.WaitUntilAcceptingAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The latest value of every metric carbon has written, by metric name (tagged names as <c>name;tag=value</c>).</summary>
    public async Task<Dictionary<string, double>> ReadAsync()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(python, ["-c", ReadScript, Path.Combine(process.Directory, "whisper")]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException("Reading the whisper files failed: " + output);
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>Kills the process and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
    }

    private async Task WaitUntilAcceptingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (!process.HasExited && clock.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"carbon-cache is not accepting connections on port {Port}. Log:\n{Log}", e);
            }
        }
    }
}
