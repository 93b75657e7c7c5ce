namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>Several real processes on one SQLite file.</summary>
public sealed class SqliteProcessesTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Ten_concurrent_batch_jobs_add_up_exactly()
    {
        var path = folder.File("jobs.db");
        var jobs = Enumerable.Range(0, 10)
            .Select(_ => ExampleProcess.RunBatchJobAsync(
                folder.Path, "--items", "1000", $"--DistributedMetrics:Sqlite={path}", ExampleProcess.PatientShutdown))
            .ToArray();
        var results = await Task.WhenAll(jobs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        var text = await StoreText.ReadAsync(o => o.UseSqlite(path));
        Assert.Contains("example_batch_items_total 10000\n", text, StringComparison.Ordinal);
        Assert.Contains("example_batch_item_duration_seconds_count 10000\n", text, StringComparison.Ordinal);
        Assert.Contains("example_batch_last_success_timestamp_seconds ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_web_processes_serve_the_same_totals_and_a_restart_keeps_them()
    {
        var setting = $"--DistributedMetrics:Sqlite={folder.File("web.db")}";
        await using var first = await ExampleProcess.StartWebApiAsync(folder.Path, setting);
        await using var second = await ExampleProcess.StartWebApiAsync(folder.Path, setting);
        await WorkRequests.SendAsync(first.BaseAddress!, "a", 5);
        await WorkRequests.SendAsync(second.BaseAddress!, "a", 3);

        await Scrapes.WaitForLinesAsync(first.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 8");
        await Scrapes.WaitForLinesAsync(second.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 8");

        Assert.Equal(0, await first.StopGracefullyAsync());
        await using var restarted = await ExampleProcess.StartWebApiAsync(folder.Path, setting);
        await WorkRequests.SendAsync(restarted.BaseAddress!, "a", 2);
        await Scrapes.WaitForLinesAsync(restarted.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 10");
    }

    [Fact]
    public async Task Graceful_stop_flushes_updates_made_just_before_it()
    {
        var path = folder.File("stop.db");
        await using (var web = await ExampleProcess.StartWebApiAsync(
            folder.Path, $"--DistributedMetrics:Sqlite={path}", "--DistributedMetrics:FlushInterval=01:00:00"))
        {
            await WorkRequests.SendAsync(web.BaseAddress!, "late", 4);
            Assert.Equal(0, await web.StopGracefullyAsync());
        }

        var text = await StoreText.ReadAsync(o => o.UseSqlite(path));
        Assert.Contains("example_work_total{kind=\"late\"} 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_without_settings_keeps_metrics_in_metrics_db_of_the_working_folder()
    {
        await using var web = await ExampleProcess.StartWebApiAsync(folder.Path);
        await WorkRequests.SendAsync(web.BaseAddress!, "a", 1);
        await Scrapes.WaitForLinesAsync(web.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 1");

        Assert.True(File.Exists(folder.File("metrics.db")));
    }

    public void Dispose() => folder.Dispose();
}
