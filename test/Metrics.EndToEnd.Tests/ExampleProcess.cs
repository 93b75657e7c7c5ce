using System.Diagnostics;
using System.Text;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// One of the examples running as a real process (<c>dotnet WebApi.dll ...</c>) from this test's output folder,
/// its output captured for failure messages, killed on dispose if still running.
/// </summary>
internal sealed class ExampleProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ExampleProcess(string assembly, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The web example's base address, for web processes.</summary>
    public Uri? BaseAddress { get; private init; }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts examples/WebApi on a free loopback port and waits until it answers.</summary>
    public static async Task<ExampleProcess> StartWebApiAsync(string workingDirectory, params string[] settings)
    {
        var port = FreePorts.Take(1)[0];
        var web = new ExampleProcess("WebApi.dll", workingDirectory, [$"--urls=http://127.0.0.1:{port}", .. settings])
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        await web.WaitUntilServingAsync();
        return web;
    }

    /// <summary>
    /// A batch job setting for tests of exact totals: the final flush may wait up to 2 minutes. Ten jobs' final flushes
    /// queue for one store, and on a loaded machine the last one can wait past the default 10 s bound.
    /// </summary>
    public const string PatientShutdown = "--DistributedMetrics:ShutdownFlushTimeout=00:02:00";

    /// <summary>Runs examples/BatchJob to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunBatchJobAsync(string workingDirectory, params string[] arguments)
    {
        await using var job = new ExampleProcess("BatchJob.dll", workingDirectory, arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await job.process.WaitForExitAsync(timeout.Token);
        return (job.process.ExitCode, job.Output);
    }

    /// <summary>Sends SIGTERM (a graceful stop, like a container runtime) and waits for the exit.</summary>
    public async Task<int> StopGracefullyAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs, nothing more is flushed.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The example exited with code {process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline
                && (e is HttpRequestException || (e is TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)))
            {
                // Not listening yet, or (on a loaded machine) the first answer took longer than the client's timeout.
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }
}
