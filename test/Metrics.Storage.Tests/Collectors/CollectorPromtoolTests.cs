using System.Globalization;
using System.Text;
using static Prometheus.Distributed.Tests.Collectors.CollectorTestData;

namespace Prometheus.Distributed.Tests.Collectors;

/// <summary>The real promtool reads the output of every collector family type, timestamps and exemplars included.</summary>
public sealed class CollectorPromtoolTests
{
    [Fact]
    public async Task Check_metrics_accepts_text_output_of_every_collector_type_without_findings()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        var text = await RenderAsync(ExpositionFormat.PrometheusText, EveryType);

        var result = await PromtoolRunner.CheckMetricsAsync(promtool, text, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result + "\n" + text);
    }

    /// <summary>Every sample carries a timestamp already (the backfill command needs one), so the input is our output as is.</summary>
    [Fact]
    public async Task OpenMetrics_parser_ingests_every_sample_of_every_collector_type()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, EveryType);
        var sampleLines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => !line.StartsWith('#'));
        using var folder = new TempFolder();
        var input = folder.File("input.om");
        await File.WriteAllTextAsync(input, text, new UTF8Encoding(false), TestContext.Current.CancellationToken);

        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["tsdb", "create-blocks-from", "openmetrics", input, folder.File("blocks")],
            writeStdin: null,
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result + "\n" + text);
        var block = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        var ingested = int.Parse(block.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture);
        Assert.Equal(sampleLines, ingested);
    }
}
