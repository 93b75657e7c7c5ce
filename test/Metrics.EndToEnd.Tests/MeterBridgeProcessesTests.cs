using System.Globalization;
using System.Text;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// Two real web example processes on one SQLite file, with the framework's meters bridged and a static label from
/// configuration: their request durations add up in one family although their first requests differ (a 404 without a
/// route, a routed request), and the scrape passes promtool.
/// </summary>
public sealed class MeterBridgeProcessesTests : IDisposable
{
    private const string Duration = "http_server_request_duration_seconds_count{";
    private const string WorkRoute = "http_route=\"/work/{kind}\"";
    private const string WorkCount = "example_work_total{kind=\"a\",service=\"webapi\"} 5\n";

    private readonly TempFolder folder = new();

    [Fact]
    public async Task Framework_request_durations_of_two_processes_add_up_with_the_static_label_and_pass_promtool()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        string[] settings = [$"--DistributedMetrics:Sqlite={folder.File("web.db")}", "--DistributedMetrics:StaticLabels:service=webapi"];
        await using var first = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var second = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        using (var client = new HttpClient { BaseAddress = first.BaseAddress })
        {
            using var missing = await client.GetAsync("/nowhere", TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }

        await WorkRequests.SendAsync(first.BaseAddress!, "a", 2);
        await WorkRequests.SendAsync(second.BaseAddress!, "a", 3);

        // Both awaited: one flush collects family after family, so it can carry a request's duration (recorded after
        // the response) but not the example's count of it (made in the handler, after that family was collected).
        var body = await Scrapes.WaitForAsync(
            second.BaseAddress!,
            Scrapes.Patience,
            text => Sum(text, WorkRoute) == 5 && text.Contains(WorkCount, StringComparison.Ordinal),
            "the expected request durations and work count");
        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["check", "metrics"],
            stdin => stdin.WriteAsync(Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken).AsTask(),
            TestContext.Current.CancellationToken);

        Assert.Equal(5, Sum(body, WorkRoute));
        Assert.Equal(1, Sum(body, "http_response_status_code=\"404\""));
        Assert.All(Lines(body, Duration), line => Assert.Contains("service=\"webapi\"", line, StringComparison.Ordinal));
        Assert.Contains(WorkCount, body, StringComparison.Ordinal);
        Assert.DoesNotContain("distributed_metrics_flush_refused_total{", body, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result + "\nbody:\n" + body);
    }

    public void Dispose() => folder.Dispose();

    private static IEnumerable<string> Lines(string body, string start) =>
        body.Split('\n').Where(line => line.StartsWith(start, StringComparison.Ordinal));

    private static double Sum(string body, string label) => Lines(body, Duration)
        .Where(line => line.Contains(label, StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
