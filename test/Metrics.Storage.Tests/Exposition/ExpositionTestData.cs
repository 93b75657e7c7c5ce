using System.Text;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>Builds stored families the way a store returns them and renders them to text.</summary>
internal static class ExpositionTestData
{
    public static StoredFamily Family(string name, MetricMetadata? metadata, params (string Subkey, double Value)[] samples) =>
        new(name, metadata, [.. samples.Select(s => new StoredSample(s.Subkey, s.Value))]);

    public static MetricMetadata Metadata(MetricType type, string name, string help, params string[] labels) =>
        new(type, name, help, labels, []);

    public static async Task<string> RenderAsync(ExpositionFormat format, params StoredFamily[] families)
    {
        using var stream = new MemoryStream();
        await ExpositionWriter.WriteAsync(families, format, stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Normalises a raw string literal to the format's <c>\n</c> line ends and adds the last one.</summary>
    public static string Lines(string text) => text.ReplaceLineEndings("\n") + "\n";

    /// <summary>A counter in declared label order (method, code), stored in another order.</summary>
    public static StoredFamily Counter() => Family(
        "http_requests",
        Metadata(MetricType.Counter, "http_requests", "Requests served.", "method", "code"),
        ("_total:{\"code\":\"200\",\"method\":\"POST\"}", 2),
        ("_created:{\"code\":\"500\",\"method\":\"GET\"}", 1700000001),
        ("_total:{\"code\":\"500\",\"method\":\"GET\"}", 1),
        ("_created:{\"code\":\"200\",\"method\":\"GET\"}", 1700000000.5),
        ("_total:{\"code\":\"200\",\"method\":\"GET\"}", 5),
        ("_created:{\"code\":\"200\",\"method\":\"POST\"}", 1700000002.25));

    public static StoredFamily Gauge() => Family(
        "room_temperature_celsius",
        Metadata(MetricType.Gauge, "room_temperature_celsius", "Current temperature.", "room"),
        (":{\"room\":\"kitchen\"}", 21.5),
        (":{\"room\":\"attic\"}", -3.25));

    /// <summary>A histogram with the default buckets in the seed's style, stored in raw byte order (+Inf first).</summary>
    public static StoredFamily DefaultHistogram() => Family(
        "request_duration_seconds",
        new MetricMetadata(
            MetricType.Histogram,
            "request_duration_seconds",
            "Request duration.",
            ["route"],
            [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
        ("_bucket:{\"le\":\"+Inf\",\"route\":\"/a\"}", 4),
        ("_bucket:{\"le\":\"0.005\",\"route\":\"/a\"}", 0),
        ("_bucket:{\"le\":\"0.01\",\"route\":\"/a\"}", 0),
        ("_bucket:{\"le\":\"0.025\",\"route\":\"/a\"}", 1),
        ("_bucket:{\"le\":\"0.05\",\"route\":\"/a\"}", 1),
        ("_bucket:{\"le\":\"0.1\",\"route\":\"/a\"}", 2),
        ("_bucket:{\"le\":\"0.25\",\"route\":\"/a\"}", 2),
        ("_bucket:{\"le\":\"0.5\",\"route\":\"/a\"}", 3),
        ("_bucket:{\"le\":\"1.0\",\"route\":\"/a\"}", 3),
        ("_bucket:{\"le\":\"10.0\",\"route\":\"/a\"}", 4),
        ("_bucket:{\"le\":\"2.5\",\"route\":\"/a\"}", 4),
        ("_bucket:{\"le\":\"5.0\",\"route\":\"/a\"}", 4),
        ("_sum:{\"route\":\"/a\"}", 7.125),
        ("_created:{\"route\":\"/a\"}", 1700000000),
        ("_count:{\"route\":\"/a\"}", 4));

    /// <summary>Custom buckets, no labels; <c>2.5e+06</c> sorts after <c>1e+07</c> as text but before it as a number.</summary>
    public static StoredFamily CustomHistogram() => Family(
        "payload_bytes",
        new MetricMetadata(MetricType.Histogram, "payload_bytes", "Payload size.", [], [100, 1000, 2.5e6, 1e7]),
        ("_bucket:{\"le\":\"2.5e+06\"}", 3),
        ("_bucket:{\"le\":\"1e+07\"}", 3),
        ("_bucket:{\"le\":\"+Inf\"}", 4),
        ("_bucket:{\"le\":\"1000.0\"}", 2),
        ("_bucket:{\"le\":\"100.0\"}", 1),
        ("_count:{}", 4),
        ("_sum:{}", 2.5e7),
        ("_created:{}", 1700000000));

    public static StoredFamily Summary() => Family(
        "job_duration_seconds",
        Metadata(MetricType.Summary, "job_duration_seconds", "Job duration."),
        ("_sum:{}", 4.5),
        ("_created:{}", 1700000000),
        ("_count:{}", 3));

    /// <summary>
    /// A summary with quantiles 0.5 and 0.99 over a 10-minute window: series <c>job="a"</c> has three observations of
    /// 1.0 and one of 100 in the slot of now, and one of 1e6 in a slot out of the window, which does not count; series
    /// <c>job="b"</c> has nothing in the window, so its quantiles are NaN.
    /// </summary>
    public static StoredFamily QuantileSummary()
    {
        var metadata = new MetricMetadata(MetricType.Summary, "job_size_bytes", "Job sizes.", ["job"], [])
        {
            Quantiles = [0.5, 0.99],
            Window = new QuantileWindow(600_000, 5),
        };
        var now = metadata.Window.SlotAt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var live = new NativeSeriesTotals(SketchSlots.Key(now, "{\"job\":\"a\"}"), 6) { Count = 4, Sum = 103 };
        live.Positive.Add(NativeSchema.Key(1.0, 6), 3);
        live.Positive.Add(NativeSchema.Key(100, 6), 1);
        var old = new NativeSeriesTotals(SketchSlots.Key(now - 5, "{\"job\":\"a\"}"), 6) { Count = 1, Sum = 1e6 };
        old.Positive.Add(NativeSchema.Key(1e6, 6), 1);
        return Family(
            "job_size_bytes",
            metadata,
            ("_count:{\"job\":\"a\"}", 5),
            ("_sum:{\"job\":\"a\"}", 1000103),
            ("_created:{\"job\":\"a\"}", 1700000000),
            ("_count:{\"job\":\"b\"}", 2),
            ("_sum:{\"job\":\"b\"}", 7),
            ("_created:{\"job\":\"b\"}", 1700000000)) with { NativeSeries = [old, live] };
    }

    /// <summary>
    /// An info family declared with label <c>env</c>: the current information of two series, and information replaced
    /// (stored as 0, so left out).
    /// </summary>
    public static StoredFamily Info() => Family(
        "build",
        Metadata(MetricType.Info, "build", "Build information.", "env"),
        ("_info:{\"commit\":\"9f2c1e\",\"env\":\"prod\",\"version\":\"1.4.2\"}", 1),
        ("_info:{\"commit\":\"0a1b2c\",\"env\":\"prod\",\"version\":\"1.4.1\"}", 0),
        ("_info:{\"commit\":\"77aa00\",\"env\":\"canary\",\"version\":\"1.5.0\"}", 1));

    /// <summary>A state set (enum) family with label <c>queue</c>: per series one sample per state.</summary>
    public static StoredFamily StateSet() => Family(
        "consumer_state",
        Metadata(MetricType.StateSet, "consumer_state", "Consumer state.", "queue") with { States = ["paused", "running", "stopped"] },
        (":{\"consumer_state\":\"running\",\"queue\":\"orders\"}", 1),
        (":{\"consumer_state\":\"paused\",\"queue\":\"orders\"}", 0),
        (":{\"consumer_state\":\"stopped\",\"queue\":\"orders\"}", 0),
        (":{\"consumer_state\":\"paused\",\"queue\":\"mail\"}", 1),
        (":{\"consumer_state\":\"running\",\"queue\":\"mail\"}", 0),
        (":{\"consumer_state\":\"stopped\",\"queue\":\"mail\"}", 0));

    /// <summary>Families as the Python seed writes them: no metadata, so types are inferred and no HELP is written.</summary>
    public static StoredFamily[] SeedFamilies() =>
    [
        Family("seed_jobs", null, ("_created:{\"job\":\"b\"}", 1700000000), ("_total:{\"job\":\"b\"}", 3), ("_total:{\"job\":\"a\"}", 1)),
        Family("seed_queue_length", null, (":{}", 7)),
        Family("seed_wait_seconds", null, ("_bucket:{\"le\":\"+Inf\"}", 2), ("_bucket:{\"le\":\"1.0\"}", 1), ("_count:{}", 2), ("_sum:{}", 1.5)),
        Family("seed_batch_seconds", null, ("_count:{}", 2), ("_sum:{}", 0.5)),
        Family("seed_mixed", null, ("_total:{\"k\":\"v\"}", 2), (":{\"k\":\"v\"}", 1)),
    ];

    /// <summary>One family of every type with metadata: the document promtool must accept without a lint finding.</summary>
    public static StoredFamily[] EveryType() =>
        [Counter(), Gauge(), DefaultHistogram(), CustomHistogram(), Summary(), QuantileSummary(), Info(), StateSet()];
}
