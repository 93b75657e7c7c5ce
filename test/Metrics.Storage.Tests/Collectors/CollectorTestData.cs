using System.Text;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Tests.Collectors;

/// <summary>Renders what a collector adds to a sink, and a collector made of a delegate.</summary>
internal static class CollectorTestData
{
    public static readonly DateTimeOffset Measured = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);

    public static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);

    public static async Task<string> RenderAsync(ExpositionFormat format, Action<CollectorSink> collect)
    {
        var sink = new CollectorSink();
        collect(sink);
        var snapshot = new ExpositionSnapshot([.. sink.Families.Select(f => f.ToSnapshot())], new SkippedEntries());
        using var stream = new MemoryStream();
        await ExpositionWriter.WriteAsync(snapshot, format, stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One family of every type, with timestamps on every sample and exemplars where OpenMetrics allows them.</summary>
    public static void EveryType(CollectorSink sink)
    {
        sink.AddCounter("jobs_processed_total", "Jobs processed.", "queue")
            .Add(["fast"], 12, Measured, new Exemplar(1, ("trace_id", "abc")) { Timestamp = Measured }, Started);
        sink.AddGauge("queue_depth", "Messages waiting.", "queue").Add(["orders"], 7, Measured);
        sink.AddHistogram("job_duration_seconds", "Job duration.", "queue")
            .Add(["fast"], [new(0.5, 2), new(1, 3, new Exemplar(0.7, ("trace_id", "t1"))), new(double.PositiveInfinity, 4)], 3.5, Measured, Started);
        sink.AddSummary("rpc_seconds", "RPC time.").Add([], 10, 2.5, Measured);
        sink.AddInfo("build_info", "Build details.").Add([], new Dictionary<string, string> { ["version"] = "1.4.2" }, Measured);
        sink.AddStateSet("breaker", "Circuit breaker state.", "service")
            .Add(["billing"], new Dictionary<string, bool> { ["closed"] = false, ["open"] = true }, Measured);
        sink.AddGaugeHistogram("queue_item_age_seconds", "Age of waiting items.")
            .Add([], [new(1, 5), new(10, 8), new(double.PositiveInfinity, 9)], 42.5, Measured);
    }

    /// <summary>Normalises a raw string literal to <c>\n</c> line ends and adds the last one.</summary>
    public static string Lines(string text) => text.ReplaceLineEndings("\n") + "\n";
}
