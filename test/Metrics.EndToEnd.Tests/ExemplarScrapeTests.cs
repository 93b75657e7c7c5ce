using System.Diagnostics;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// A real Prometheus 2.42 with exemplar storage scrapes the web example (a real process) in OpenMetrics and stores the
/// trace id of a request that arrived with a sampled W3C <c>traceparent</c>.
/// </summary>
public sealed class ExemplarScrapeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Real_prometheus_stores_the_trace_id_of_a_sampled_request_as_exemplar()
    {
        await using var web = await ExampleProcess.StartWebApiAsync(
            folder.Path, $"--DistributedMetrics:Sqlite={folder.File("web.db")}", "--DistributedMetrics:FlushInterval=00:00:00.200");
        await using var prometheus = await PrometheusServer.StartAsync(
            "example", [web.BaseAddress!.Authority], TimeSpan.FromSeconds(1), "exemplar-storage");
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        using (var client = new HttpClient { BaseAddress = web.BaseAddress })
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/work/traced"))
        {
            request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            (await client.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var sent = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        IReadOnlyList<IReadOnlyDictionary<string, string>> exemplars = [];
        try
        {
            while (!exemplars.Any(e => e.GetValueOrDefault("trace_id") == trace))
            {
                await Task.Delay(200, deadline.Token);
                exemplars = await prometheus.QueryExemplarsAsync("example_work_total{kind=\"traced\"}", deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Prometheus stored no exemplar with trace_id {trace}; it has {exemplars.Count}. Targets: "
                + await prometheus.TargetsAsync(TestContext.Current.CancellationToken) + "\nLog:\n" + prometheus.Log
                + "\nWeb:\n" + web.Output);
        }

        output.WriteLine($"Prometheus stored the exemplar {sent.Elapsed.TotalSeconds:F2} s after the request.");
        var duration = await prometheus.QueryExemplarsAsync("example_work_duration_seconds_bucket{kind=\"traced\"}", TestContext.Current.CancellationToken);
        Assert.Contains(duration, e => e.GetValueOrDefault("trace_id") == trace && e.ContainsKey("span_id"));
    }

    public void Dispose() => folder.Dispose();
}
