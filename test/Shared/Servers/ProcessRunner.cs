using System.Diagnostics;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>Runs a short-lived program to completion and returns its exit code and output.</summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="arguments"/> (in <paramref name="workingDirectory"/> when
    /// given); stdout and stderr are captured.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string path, IEnumerable<string> arguments, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }
}
