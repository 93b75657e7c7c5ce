using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Graphite;

namespace Prometheus.Distributed.Tests.Graphite;

/// <summary>The plaintext lines the bridge sends, in both naming modes.</summary>
public sealed class GraphiteLinesTests
{
    private static ExpositionSnapshot Snapshot()
    {
        var sink = new CollectorSink();
        sink.AddCounter("jobs_total", "Jobs.", "queue", "zone")
            .Add(["fast.lane", "eu-west/1"], 3, created: DateTimeOffset.FromUnixTimeSeconds(1_600_000_000))
            .Add(["slow", string.Empty], 1e-7);
        sink.AddGauge("broken", "Not finite.").Add([], double.NaN);
        sink.AddHistogram("latency_seconds", "Latency.").Add([], [new(0.5, 1), new(double.PositiveInfinity, 2)], 1.25);
        return new ExpositionSnapshot([.. sink.Families.Select(f => f.ToSnapshot())], new SkippedEntries());
    }

    [Fact]
    public void Labels_are_folded_into_the_path_sorted_by_name_and_sanitised_like_the_python_bridge()
    {
        var lines = GraphiteLines.Write(Snapshot(), new GraphiteBridgeOptions { Prefix = "shop.prod" }, 1_700_000_000);

        Assert.Equal(
            """
            shop.prod.jobs_total.queue.fast_lane.zone.eu-west_1 3 1700000000
            shop.prod.jobs_total.queue.slow 1e-07 1700000000
            shop.prod.latency_seconds_bucket.le.0_5 1 1700000000
            shop.prod.latency_seconds_bucket.le._Inf 2 1700000000
            shop.prod.latency_seconds_count 2 1700000000
            shop.prod.latency_seconds_sum 1.25 1700000000

            """.ReplaceLineEndings("\n"),
            lines);
    }

    [Fact]
    public void Labels_become_tags_sorted_by_name()
    {
        var lines = GraphiteLines.Write(Snapshot(), new GraphiteBridgeOptions { Tags = true }, 1_700_000_000);

        Assert.StartsWith(
            """
            jobs_total;queue=fast_lane;zone=eu-west_1 3 1700000000
            jobs_total;queue=slow 1e-07 1700000000
            latency_seconds_bucket;le=0_5 1 1700000000

            """.ReplaceLineEndings("\n"),
            lines,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_names_become_valid_graphite_paths_one_underscore_per_code_point()
    {
        var sink = new CollectorSink(NameValidation.Utf8);
        sink.AddGauge("queue.depth \U0001F600", "Depth.", "queue.name").Add(["a/b"], 4);
        var snapshot = new ExpositionSnapshot([.. sink.Families.Select(f => f.ToSnapshot())], new SkippedEntries());

        Assert.Equal("queue_depth__.queue_name.a_b 4 1700000000\n", GraphiteLines.Write(snapshot, new GraphiteBridgeOptions(), 1_700_000_000));
        Assert.Equal("queue_depth__;queue_name=a_b 4 1700000000\n", GraphiteLines.Write(snapshot, new GraphiteBridgeOptions { Tags = true }, 1_700_000_000));
    }
}
