using System.Diagnostics;
using System.Globalization;
using System.Text;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// Both packages packed once into a local folder feed, a package cache of its own for the throwaway apps that restore
/// from it (so the test's packages never land in the user's cache), and a <c>redis-server</c> for the apps on Redis.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    /// <summary>The version the packages were packed with.</summary>
    public string Version { get; } = "0.0.0-packtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>The folder feed holding the packages.</summary>
    public string Feed => folder.File("feed");

    /// <summary>The Redis server, or null when redis-server is missing (see <see cref="RequireRedis"/>).</summary>
    public RedisServer? Redis { get; private set; }

    private string RedisMissing { get; set; } = string.Empty;

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var root = RepositoryRoot.Path;
        foreach (var project in new[] { "src/Metrics.Storage", "src/Metrics.AspNetCore" })
        {
            await RunAsync(root, privateCache: false, "pack", Path.Combine(root, project), "-c", "Release", "-o", Feed, $"-p:Version={Version}");
        }

        if (RedisTools.Locate(out var missing) is { } tools)
        {
            Redis = await RedisServer.StartAsync(tools, []);
        }

        RedisMissing = missing;
    }

    /// <summary>The Redis server; skips or fails the calling test when redis-server is missing.</summary>
    public RedisServer RequireRedis()
    {
        if (Redis is null)
        {
            ExternalTool.SkipOrFail(RedisMissing);
        }

        return Redis!;
    }

    /// <summary>
    /// Writes a throwaway app (its project file with <c>VERSION</c> replaced, its program, a nuget.config with the feed
    /// first), then <c>dotnet run</c>s it with <paramref name="arguments"/> and returns what it printed.
    /// </summary>
    public async Task<string> RunAppAsync(string name, string project, string program, params string[] arguments)
    {
        var app = Directory.CreateDirectory(folder.File(name)).FullName;
        var token = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(app, name + ".csproj"), project.Replace("VERSION", Version, StringComparison.Ordinal), token);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), program, token);
        var repository = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "nuget.config"), token);
        await File.WriteAllTextAsync(
            Path.Combine(app, "nuget.config"),
            repository.Replace("<clear />", $"<clear />\n    <add key=\"local\" value=\"{Feed}\" />", StringComparison.Ordinal),
            token);
        return await RunAsync(app, privateCache: true, ["run", "--", .. arguments]);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        folder.Dispose();
    }

    private async Task<string> RunAsync(string workingDirectory, bool privateCache, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (privateCache)
        {
            start.Environment["NUGET_PACKAGES"] = folder.File("packages");
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
