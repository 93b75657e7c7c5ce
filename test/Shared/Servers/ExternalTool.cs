namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// Finds the external programs that server fixtures run, and applies the project's rule for a missing one:
/// the test is skipped with the reason, except under <c>CI=true</c>, where it fails.
/// </summary>
public static class ExternalTool
{
    /// <summary>True when the environment variable <c>CI</c> is <c>true</c>.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of an executable found on PATH (or in /usr/bin, /usr/local/bin), or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Skips the running test with <paramref name="reason"/>, or fails it under CI.</summary>
    public static void SkipOrFail(string reason)
    {
        if (IsCi)
        {
            Assert.Fail($"{reason} CI=true, so the tool is required.");
        }

        Assert.Skip(reason);
    }
}
