namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>The running example's scrape, judged by the real promtool.</summary>
public sealed class PromtoolScrapeTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Example_scrape_passes_promtool_check_metrics()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        await using var web = await ExampleProcess.StartWebApiAsync(folder.Path, $"--DistributedMetrics:Sqlite={folder.File("m.db")}");
        using var client = new HttpClient { BaseAddress = web.BaseAddress };
        foreach (var kind in new[] { "a", "b", "with \"quotes\"", "caf\u00e9" })
        {
            (await client.GetAsync($"/work/{Uri.EscapeDataString(kind)}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var body = await Scrapes.WaitForLinesAsync(web.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"caf\u00e9\"} 1");
        var result = await PromtoolRunner.CheckMetricsAsync(promtool, body, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result + "\nbody:\n" + body);
        Assert.Contains("example_work_total{kind=\"with \\\"quotes\\\"\"} 1\n", body, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}
