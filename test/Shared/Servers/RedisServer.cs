using System.Diagnostics;
using System.Globalization;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// One real <c>redis-server</c> process on a free loopback port, in its own temporary directory, with persistence
/// off (<c>--save "" --appendonly no</c>). Disposing kills the process and deletes the directory.
/// Tests can freeze it (SIGSTOP) and thaw it (SIGCONT) to simulate a stalled server.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly ServerProcess process;
    private readonly string[] cliArguments;

    private RedisServer(RedisTools tools, ServerProcess process, int port, string[] cliArguments)
    {
        Tools = tools;
        this.process = process;
        Port = port;
        this.cliArguments = cliArguments;
    }

    /// <summary>The programs used.</summary>
    public RedisTools Tools { get; }

    /// <summary>The client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:{port}</c>, usable in a StackExchange.Redis configuration string.</summary>
    public string EndPoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A configuration string for tests that are not about time-outs: the endpoint with a 5 s client time-out, room
    /// for a CI machine running every test project at once (the client's default is 1 s).
    /// </summary>
    public string Configuration => EndPoint + ",syncTimeout=5000";

    /// <summary>The server's process id.</summary>
    public int ProcessId => process.Id;

    /// <summary>The last lines the server logged, for failure messages.</summary>
    public string Log => process.Log;

    /// <summary>
    /// Starts a server on <paramref name="port"/> (a free one when null) with extra command-line arguments and waits
    /// until it answers PING. <paramref name="cliArguments"/> go before every <see cref="CliAsync"/> call (e.g.
    /// <c>--user admin --pass …</c> for a server that requires a password).
    /// </summary>
    public static async Task<RedisServer> StartAsync(
        RedisTools tools,
        IEnumerable<string> extraArguments,
        int? port = null,
        IReadOnlyList<string>? cliArguments = null)
    {
        var chosenPort = port ?? FreePorts.Take(1)[0];
        var directory = ServerProcess.CreateDirectory("redis-test-");
        var server = new RedisServer(
            tools,
            ServerProcess.Start(
                tools.ServerPath,
                [
                    "--port", chosenPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                    "--save", string.Empty, "--appendonly", "no", "--dir", directory, "--daemonize", "no",
                    .. extraArguments,
                ],
                directory),
            chosenPort,
            [.. cliArguments ?? []]);
        try
        {
            await server.WaitUntilAsync(async () => (await server.CliAsync("PING")).Trim() == "PONG", "answering PING");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs <c>redis-cli -p {port} args…</c> and returns its output.</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        var (_, output) = await ProcessRunner.RunAsync(
            Tools.CliPath, ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), .. cliArguments, .. arguments]);
        return output;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails with the server log when the server exits or
    /// <see cref="StartTimeout"/> passes.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"redis-server on port {Port} is not {what}. Log:\n{Log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    /// <summary>Stops the process with SIGSTOP: connections stay open, nothing is answered.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Resumes a frozen process with SIGCONT.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>Kills the process with SIGKILL and waits until it is gone; the directory stays until disposal.</summary>
    public async Task KillAsync()
    {
        await SignalAsync("KILL");
        await WaitUntilAsync(() => Task.FromResult(process.HasExited), "gone after SIGKILL");
    }

    /// <summary>Kills the process (SIGKILL also ends a frozen one) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
    }

    private async Task SignalAsync(string signal)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("kill", ["-" + signal, ProcessId.ToString(CultureInfo.InvariantCulture)]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {ProcessId} failed: {output}");
        }
    }
}
