using System.Text;
using Prometheus.Distributed.Testing;

namespace Prometheus.Distributed.Tests.Exemplars;

/// <summary>
/// promtool's OpenMetrics parser reads a scrape whose counter and buckets carry exemplars. (<c>promtool check
/// metrics</c> parses the text format 0.0.4 only, which has no exemplars: it stops at the first <c>#</c> after a value.)
/// </summary>
public sealed class ExemplarPromtoolTests
{
    [Fact]
    public async Task OpenMetrics_parser_ingests_every_sample_of_a_scrape_with_exemplars()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        using var activities = new TestActivities();
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        using (activities.Start())
        {
            metrics.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(0.25);
            var latency = metrics.CreateHistogram("latency_seconds", "Latency.", "route");
            latency.WithLabels("/a").Observe(0.003);
            latency.WithLabels("/a").Observe(7);
            latency.WithLabels("/a").Observe(60);
        }

        await metrics.FlushAsync(TestContext.Current.CancellationToken);
        using var body = new MemoryStream();
        await (await metrics.CollectAsync(TestContext.Current.CancellationToken))
            .WriteAsync(body, ExpositionFormat.OpenMetrics, TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal(4, text.Split('\n').Count(l => l.Contains(" # {trace_id=", StringComparison.Ordinal)));

        await OpenMetricsCheck.AssertIngestsEverySampleAsync(promtool, text, TestContext.Current.CancellationToken);
    }
}
