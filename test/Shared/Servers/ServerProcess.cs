using System.Collections.Concurrent;
using System.Diagnostics;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A server program started for tests in its own temporary directory. Its last output lines are kept for failure
/// messages; disposing kills it (SIGKILL also ends a frozen one) and deletes the directory.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 50;
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();

    private ServerProcess(Process process, string directory)
    {
        this.process = process;
        Directory = directory;
    }

    /// <summary>The process's own temporary directory (its working directory).</summary>
    public string Directory { get; }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>True once the process ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote to its output and error streams.</summary>
    public string Log => string.Join('\n', log);

    /// <summary>Creates a temporary directory for a server about to start.</summary>
    public static string CreateDirectory(string prefix) => System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Starts <paramref name="program"/> in <paramref name="directory"/>, capturing its output.</summary>
    public static ServerProcess Start(string program, IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var server = new ServerProcess(process, directory);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > KeptLines)
        {
            log.TryDequeue(out _);
        }
    }
}
