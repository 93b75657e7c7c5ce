using System.Diagnostics;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.Testing;

/// <summary>Runs the real promtool (Debian package <c>prometheus</c>); skips without it unless CI=true.</summary>
internal static class PromtoolRunner
{
    public static string RequirePromtool()
    {
        var path = ExternalTool.Find("promtool");
        if (path is null)
        {
            ExternalTool.SkipOrFail("promtool not found (install the Debian package prometheus).");
        }

        return path!;
    }

    /// <summary>Runs <c>promtool check metrics</c> on a Prometheus text body given as a string.</summary>
    public static Task<PromtoolResult> CheckMetricsAsync(string promtool, string body, CancellationToken cancellationToken) =>
        RunAsync(
            promtool,
            ["check", "metrics"],
            stdin => stdin.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body), cancellationToken).AsTask(),
            cancellationToken);

    /// <summary>Starts promtool, lets <paramref name="writeStdin"/> write its standard input, and collects the outcome.</summary>
    public static async Task<PromtoolResult> RunAsync(
        string promtool,
        IEnumerable<string> arguments,
        Func<Stream, Task>? writeStdin,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (writeStdin is not null)
        {
            await writeStdin(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        return new PromtoolResult(process.ExitCode, await stdout, await stderr);
    }
}
