namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// The packages as a user gets them: packed, restored from a folder feed into new apps built with warnings as errors,
/// and run: on SQLite, beside the standard Redis cache on one shared multiplexer, and on StackExchange.Redis 3.x.
/// </summary>
public sealed class PackagingTests(PackedFeed packages) : IClassFixture<PackedFeed>
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <NoWarn>NU1603</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Prometheus.Distributed.AspNetCore" Version="VERSION" />
            EXTRA
          </ItemGroup>
        </Project>
        """;

    /// <summary>Starts the app, lets <c>SETUP</c> register the store, counts 2, flushes and prints the scrape.</summary>
    private const string Program = """
        using Prometheus.Distributed;
        USINGS
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        SETUP
        var app = builder.Build();
        app.MapDistributedMetrics();
        await app.StartAsync();
        CHECK
        app.Services.GetRequiredService<IMetricFactory>().CreateCounter("packaged_runs_total", "Runs.").Inc(2);
        await app.Services.GetRequiredService<DistributedMetrics>().FlushAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Console.Write(await client.GetStringAsync("/metrics"));
        await app.StopAsync();
        """;

    [Fact]
    public async Task Packed_packages_install_into_a_new_app_from_a_folder_feed_and_run()
    {
        using var folder = new TempFolder();

        var output = await packages.RunAppAsync(
            "sqliteapp",
            Project.Replace("EXTRA", string.Empty, StringComparison.Ordinal),
            App(setup: "builder.Services.AddDistributedMetrics(o => o.UseSqlite(args[0]));"),
            folder.File("packaged.db"));

        Assert.Contains("packaged_runs_total 2\n", output, StringComparison.Ordinal);
        Assert.Contains(Directory.GetFiles(packages.Feed), f => f.EndsWith($"Prometheus.Distributed.{packages.Version}.snupkg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task App_with_the_standard_redis_cache_shares_one_multiplexer_with_the_metrics()
    {
        var redis = packages.RequireRedis();

        var output = await packages.RunAppAsync(
            "cacheapp",
            Project.Replace("EXTRA", """<PackageReference Include="Microsoft.Extensions.Caching.StackExchangeRedis" Version="10.0.14" />""", StringComparison.Ordinal),
            App(
                usings: "using Microsoft.Extensions.Caching.Distributed;\nusing StackExchange.Redis;",
                setup: """
                    var multiplexer = await ConnectionMultiplexer.ConnectAsync(args[0]);
                    builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer);
                    builder.Services.AddStackExchangeRedisCache(o => o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(multiplexer));
                    builder.Services.AddDistributedMetrics(o => o.UseRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), args[1]));
                    """,
                check: """
                    var cache = app.Services.GetRequiredService<IDistributedCache>();
                    await cache.SetStringAsync("greeting", "cached");
                    Console.WriteLine("cache says " + await cache.GetStringAsync("greeting"));
                    Console.WriteLine("client " + typeof(IConnectionMultiplexer).Assembly.GetName().Version);
                    """),
            redis.Configuration,
            "cacheapp");

        Assert.Contains("cache says cached\n", output, StringComparison.Ordinal);
        Assert.Contains("client 2.0.0.0\n", output, StringComparison.Ordinal);
        Assert.Contains("packaged_runs_total 2\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_on_StackExchange_Redis_3_flushes_and_scrapes()
    {
        var redis = packages.RequireRedis();

        var output = await packages.RunAppAsync(
            "redis3app",
            Project.Replace("EXTRA", """<PackageReference Include="StackExchange.Redis" Version="3.4.35" />""", StringComparison.Ordinal),
            App(
                usings: "using StackExchange.Redis;",
                setup: "builder.Services.AddDistributedMetrics(o => o.UseRedis(args[0], args[1]));",
                check: """Console.WriteLine("client " + typeof(IConnectionMultiplexer).Assembly.GetName().Version);"""),
            redis.Configuration,
            "redis3app");

        Assert.Contains("client 3.", output, StringComparison.Ordinal);
        Assert.Contains("packaged_runs_total 2\n", output, StringComparison.Ordinal);
    }

    private static string App(string setup, string usings = "", string check = "") =>
        Program.Replace("USINGS", usings, StringComparison.Ordinal)
            .Replace("SETUP", setup, StringComparison.Ordinal)
            .Replace("CHECK", check, StringComparison.Ordinal);
}
