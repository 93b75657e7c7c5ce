using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>What the host logs about the library's own trouble: once per metric, not once per update.</summary>
public sealed class MonitoringLogTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metric_past_its_series_limit_is_logged_once()
    {
        var logs = new CollectingLoggerProvider();
        using var host = await TestHosts.StartAsync(
            o =>
            {
                o.UseInMemory();
                o.MaxSeriesPerMetric = 2;
                o.ProcessMetrics = false;
            },
            services => services.AddSingleton<ILoggerProvider>(logs),
            endpoints => endpoints.MapDistributedMetrics());
        var users = host.Metrics().CreateCounter("logins_total", "Logins.", "user");

        foreach (var user in new[] { "a", "b", "c", "d" })
        {
            users.WithLabels(user).Inc();
        }

        await host.DistributedMetrics().FlushAsync(Token);
        users.WithLabels("e").Inc();
        await host.DistributedMetrics().FlushAsync(Token);

        var line = Assert.Single(logs.Messages, m => m.Contains("reached its limit", StringComparison.Ordinal));
        Assert.StartsWith("Metric 'logins' reached its limit of 2 series (MaxSeriesPerMetric)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Family_refused_by_the_store_is_logged_with_the_reason()
    {
        var logs = new CollectingLoggerProvider();
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using (var other = DistributedMetrics.Create(o => o.UseSqlite(path)))
        {
            other.CreateCounter("jobs_total", "Jobs.").Inc();
        }

        using var host = await TestHosts.StartAsync(
            o =>
            {
                o.UseSqlite(path);
                o.FlushInterval = TimeSpan.FromMilliseconds(20);
            },
            services => services.AddSingleton<ILoggerProvider>(logs),
            endpoints => endpoints.MapDistributedMetrics());
        host.Metrics().CreateGauge("jobs", "Jobs.").Set(5);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!logs.Messages.Any(m => m.StartsWith("The metrics store refused", StringComparison.Ordinal)))
        {
            await Task.Delay(20, deadline.Token);
        }

        var line = logs.Messages.First(m => m.StartsWith("The metrics store refused", StringComparison.Ordinal));
        Assert.Contains("Metric 'jobs' is stored as a counter with labels []", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_entries_left_out_of_scrapes_are_logged_once_per_family_and_reason()
    {
        var logs = new CollectingLoggerProvider();
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using (var other = DistributedMetrics.Create(o => o.UseSqlite(path)))
        {
            other.CreateCounter("jobs_total", "Jobs.", "kind").WithLabels("a").Inc();
        }

        await using (var foreign = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await foreign.OpenAsync(Token);
            using var insert = foreign.CreateCommand();
            insert.CommandText = """
                INSERT INTO metrics(metric_key, subkey, value) VALUES
                  ('jobs', '_total:{"__name__":"evil","kind":"q"}', 1),
                  ('jobs', '_total:{"__name__":"evil","kind":"r"}', 1),
                  ('jobs', '_total:{"kind":"b","other":"x"}', 1)
                """;
            await insert.ExecuteNonQueryAsync(Token);
        }

        using var host = await TestHosts.StartAsync(
            o =>
            {
                o.UseSqlite(path);
                o.ScrapeCacheDuration = TimeSpan.Zero;
            },
            services => services.AddSingleton<ILoggerProvider>(logs),
            endpoints => endpoints.MapDistributedMetrics());
        var client = host.GetTestClient();

        var first = await client.GetStringAsync("/metrics", Token);
        await client.GetStringAsync("/metrics", Token);

        Assert.Contains("jobs_total{kind=\"a\"} 1\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", first, StringComparison.Ordinal);
        var lines = logs.Messages.Where(m => m.StartsWith("Entries of family", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Contains("'jobs' in the metrics store cannot be shown and were left out of the scrape (reason reserved_label, 2 in this read", lines[0], StringComparison.Ordinal);
        Assert.Contains("'jobs' in the metrics store cannot be shown and were left out of the scrape (reason undeclared_label, 1 in this read", lines[1], StringComparison.Ordinal);
    }
}
