namespace Prometheus.Distributed.Testing;

/// <summary>The checkout the tests run from: the folder holding <c>Metrics.sln</c>, above the test's output folder.</summary>
internal static class RepositoryRoot
{
    /// <summary>The full path of the repository's root folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Metrics.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Metrics.sln not found above " + AppContext.BaseDirectory);
    }
}
