using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// The bridge against a real carbon-cache: what carbon stores is what <c>/metrics</c> shows, sample for sample, with
/// labels folded into the path and as tags. The expected Graphite names are derived here from the scraped text.
/// </summary>
[Collection(CarbonServerGroup.Name)]
public sealed partial class GraphiteBridgeTests(CarbonServerFixture carbon)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Carbon_stores_every_sample_the_metrics_endpoint_shows(bool tags)
    {
        var server = carbon.Require();
        var prefix = "bridge" + (tags ? "tags" : "path") + Guid.NewGuid().ToString("N")[..6];
        using var folder = new TempFolder();
        using var host = await StartAsync(folder.File("metrics.db"), o =>
        {
            o.Address = server.Address;
            o.Interval = TimeSpan.FromMilliseconds(250);
            o.Tags = tags;
            o.Prefix = prefix;
        });
        var metrics = host.Services.GetRequiredService<IMetricFactory>();
        var requests = metrics.CreateCounter("shop_requests_total", "Requests.", "route", "code");
        requests.WithLabels("/work/{kind}", "200").Inc(3);
        requests.WithLabels("/health", "503").Inc();
        metrics.CreateHistogram("shop_latency_seconds", "Latency.", [0.1, 1]).Observe(0.5);
        metrics.CreateGauge("shop_temperature", "Temperature.").Set(-2.5);
        await host.Services.GetRequiredService<DistributedMetrics>().FlushAsync(TestContext.Current.CancellationToken);
        var scraped = await host.GetTestClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var expected = ParseAsGraphite(scraped, prefix, tags);
        Assert.Contains(expected.Keys, name => name.Contains("queue_depth", StringComparison.Ordinal));

        var stored = await WaitForAsync(server, prefix, expected);

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), stored.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>
    /// Graphite names from a Prometheus text scrape, the way the Python client's bridge forms them: sample name, then the
    /// labels sorted by name, every character outside [a-zA-Z0-9_-] replaced by '_'.
    /// </summary>
    private static Dictionary<string, double> ParseAsGraphite(string scraped, string prefix, bool tags)
    {
        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in scraped.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, line);
            var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                .Select(m => (Name: Sanitize(m.Groups[1].Value), Value: Sanitize(m.Groups[2].Value)))
                .OrderBy(l => l.Name, StringComparer.Ordinal);
            var name = prefix + "." + Sanitize(sample.Groups["name"].Value)
                + string.Concat(labels.Select(l => tags ? $";{l.Name}={l.Value}" : $".{l.Name}.{l.Value}"));
            expected.Add(name, double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture));
        }

        return expected;
    }

    private static string Sanitize(string text) => NotGraphite().Replace(text, "_");

    private static async Task<Dictionary<string, double>> WaitForAsync(
        CarbonServer server, string prefix, Dictionary<string, double> expected)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        Dictionary<string, double> stored = [];
        while (!deadline.IsCancellationRequested)
        {
            stored = (await server.ReadAsync())
                .Where(p => p.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (expected.All(p => stored.TryGetValue(p.Key, out var value) && value == p.Value))
            {
                return stored;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }

        return stored;
    }

    private static Task<IHost> StartAsync(string database, Action<GraphiteBridgeOptions> bridge) =>
        TestHosts.StartAsync(
            o =>
            {
                o.UseSqlite(database);

                // Self-metrics and process metrics (GC counts, threads) change with every background flush, so a scrape
                // and a later push could differ.
                o.SelfMetrics = false;
                o.ProcessMetrics = false;
            },
            features: metrics => metrics.AddCollector<QueueDepthCollector>().AddGraphiteBridge(bridge));

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"")]
    private static partial Regex LabelPair();

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex NotGraphite();

    private sealed class QueueDepthCollector : IMetricsCollector
    {
        public ValueTask CollectAsync(CollectorSink sink, CancellationToken cancellationToken)
        {
            sink.AddGauge("queue_depth", "Messages waiting.", "queue").Add(["orders"], 7).Add(["mails.out"], 2);
            return ValueTask.CompletedTask;
        }
    }
}
