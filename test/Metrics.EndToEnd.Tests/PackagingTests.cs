using System.Diagnostics;
using System.Text;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>The packages as a user gets them: packed, restored from a folder feed into a new app, and run.</summary>
public sealed class PackagingTests : IDisposable
{
    private const string ThrowawayProject = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <NoWarn>NU1603</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Prometheus.Distributed.AspNetCore" Version="VERSION" />
          </ItemGroup>
        </Project>
        """;

    private const string ThrowawayProgram = """
        using Prometheus.Distributed;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDistributedMetrics(o => o.UseSqlite(args[0]));
        var app = builder.Build();
        app.MapDistributedMetrics();
        await app.StartAsync();
        app.Services.GetRequiredService<IMetricFactory>().CreateCounter("packaged_runs_total", "Runs.").Inc(2);
        await app.Services.GetRequiredService<DistributedMetrics>().FlushAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Console.Write(await client.GetStringAsync("/metrics"));
        await app.StopAsync();
        """;

    private readonly TempFolder folder = new();

    [Fact]
    public async Task Packed_packages_install_into_a_new_app_from_a_folder_feed_and_run()
    {
        var root = RepositoryRoot.Path;
        var feed = Directory.CreateDirectory(folder.File("feed")).FullName;
        var app = Directory.CreateDirectory(folder.File("app")).FullName;
        var version = "0.0.0-packtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in new[] { "src/Metrics.Storage", "src/Metrics.AspNetCore" })
        {
            await RunAsync(root, privateCache: false, "pack", Path.Combine(root, project), "-c", "Release", "-o", feed, $"-p:Version={version}");
        }

        await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), ThrowawayProject.Replace("VERSION", version, StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ThrowawayProgram, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), NugetConfig(feed, root), TestContext.Current.CancellationToken);

        var output = await RunAsync(app, privateCache: true, "run", "--", folder.File("packaged.db"));

        Assert.Contains("packaged_runs_total 2\n", output, StringComparison.Ordinal);
        Assert.Contains(Directory.GetFiles(feed), f => f.EndsWith($"Prometheus.Distributed.{version}.snupkg", StringComparison.Ordinal));
    }

    public void Dispose() => folder.Dispose();

    private static string NugetConfig(string feed, string root)
    {
        var repository = File.ReadAllText(Path.Combine(root, "nuget.config"));
        return repository.Replace("<clear />", $"<clear />\n    <add key=\"local\" value=\"{feed}\" />", StringComparison.Ordinal);
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
            // The throwaway app restores into its own cache, so the test's packages never land in the user's.
            start.Environment["NUGET_PACKAGES"] = folder.File("packages");
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
