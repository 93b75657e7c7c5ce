using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;
using Prometheus.Distributed.Stores.Seed;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>
/// The real promtool reads our output. <c>promtool check metrics</c> parses the text format 0.0.4 only (it rejects
/// the OpenMetrics <c>unknown</c> type and reads <c>_created</c> as separate untyped families), so the OpenMetrics
/// output goes through promtool's OpenMetrics parser instead: <c>promtool tsdb create-blocks-from openmetrics</c>.
/// </summary>
public sealed class PromtoolTests
{
    private static StoredFamily SpecialValuesAndEscapes() => Family(
        "edge_values",
        Metadata(MetricType.Gauge, "edge_values", "Help with \\ backslash, \"quotes\",\nnewline and caf\u00e9.", "case"),
        (FieldName.Compose(string.Empty, LabelJson.Encode(["case"], ["+Inf"])), double.PositiveInfinity),
        (FieldName.Compose(string.Empty, LabelJson.Encode(["case"], ["-Inf"])), double.NegativeInfinity),
        (FieldName.Compose(string.Empty, LabelJson.Encode(["case"], ["NaN"])), double.NaN),
        (FieldName.Compose(string.Empty, LabelJson.Encode(["case"], ["q\"b\\n\nl caf\u00e9 \U0001F600"])), 1e-7));

    /// <summary>
    /// promtool 2.42 prints lint findings and parse errors to stderr (exit 3 for findings, 1 for a parse error); this
    /// document is declared with help and lint-clean names, so any output at all is worth failing on.
    /// </summary>
    [Fact]
    public async Task Check_metrics_accepts_text_exposition_of_every_type_without_findings()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        StoredFamily[] families = [.. EveryType(), SpecialValuesAndEscapes()];

        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["check", "metrics"],
            stdin => ExpositionWriter.WriteAsync(ExpositionSnapshotBuilder.Build(families), ExpositionFormat.PrometheusText, stdin, TestContext.Current.CancellationToken),
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result.ToString());
    }

    /// <summary>
    /// Without metadata there is no HELP line, which promtool's linter reports (exit 3 in 2.42, 0 where lint findings
    /// are not fatal); a parse error would exit 1 with "error while linting". So: every reported line is that one finding.
    /// </summary>
    [Fact]
    public async Task Check_metrics_parses_families_without_metadata_and_only_misses_their_help()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        var families = SeedFamilies();

        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["check", "metrics"],
            stdin => ExpositionWriter.WriteAsync(ExpositionSnapshotBuilder.Build(families), ExpositionFormat.PrometheusText, stdin, TestContext.Current.CancellationToken),
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode is 0 or 3, result.ToString());
        Assert.All(
            (result.Stdout + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => Assert.EndsWith(" no help text", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenMetrics_parser_ingests_every_sample_of_every_type()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        StoredFamily[] families = [.. EveryType(), .. SeedFamilies(), SpecialValuesAndEscapes()];
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, families);

        await OpenMetricsCheck.AssertIngestsEverySampleAsync(promtool, text, TestContext.Current.CancellationToken);
    }
}
