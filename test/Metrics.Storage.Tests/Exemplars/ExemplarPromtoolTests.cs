using System.Globalization;
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

        // The backfill command needs a timestamp on every sample; it goes before the exemplar.
        var stamped = new StringBuilder();
        var sampleLines = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                stamped.Append(line).Append('\n');
                continue;
            }

            sampleLines++;
            var exemplar = line.IndexOf(" # ", StringComparison.Ordinal);
            stamped.Append(exemplar < 0 ? line + " 1700000000" : line[..exemplar] + " 1700000000" + line[exemplar..]).Append('\n');
        }

        using var folder = new TempFolder();
        var input = folder.File("input.om");
        await File.WriteAllTextAsync(input, stamped.ToString(), new UTF8Encoding(false), TestContext.Current.CancellationToken);
        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["tsdb", "create-blocks-from", "openmetrics", input, folder.File("blocks")],
            writeStdin: null,
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result + "\n" + stamped);
        var block = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(sampleLines, int.Parse(block.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture));
    }
}
