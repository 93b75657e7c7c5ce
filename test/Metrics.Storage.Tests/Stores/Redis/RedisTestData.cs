using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>Batches, metadata and stores for the Redis store tests.</summary>
internal static class RedisTestData
{
    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static RedisMetricStore NewStore(string configuration, string prefix, int maxWritesPerScript = 2000, int pagedReadFields = 32_768) =>
        new(new RedisStoreSettings
        {
            Configuration = configuration,
            Prefix = prefix,
            MaxWritesPerScript = maxWritesPerScript,
            ScanInterval = TimeSpan.Zero,
            PagedReadFields = pagedReadFields,
        });

    /// <summary>How many <paramref name="command"/> calls the server ran and refused since its stats were last reset.</summary>
    public static async Task<(int Calls, int Rejected)> CommandStatsAsync(Prometheus.Distributed.Testing.Servers.RedisServer server, string command)
    {
        var stats = await server.CliAsync("INFO", "commandstats");
        var line = stats.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_" + command + ":", StringComparison.Ordinal));
        if (line is null)
        {
            return (0, 0);
        }

        int Stat(string name) =>
            line.Split([':', ','])
                .Select(p => p.Split('='))
                .Where(p => p.Length == 2 && p[0] == name)
                .Select(p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();

        return (Stat("calls"), Stat("rejected_calls"));
    }

    public static MetricMetadata Counter(string name, params string[] labels) =>
        new(MetricType.Counter, name, "A test counter.", labels, []);

    public static MetricMetadata Gauge(string name, params string[] labels) =>
        new(MetricType.Gauge, name, "A test gauge.", labels, []);

    public static MetricMetadata Histogram(string name, double[] buckets, params string[] labels) =>
        new(MetricType.Histogram, name, "A test histogram.", labels, buckets);

    public static FlushBatch Batch(string instance, long sequence, params FamilyWrite[] families) =>
        new(instance, sequence, families);

    public static SampleWrite Add(string suffix, string labelsJson, double value) =>
        new(FieldName.Compose(suffix, labelsJson), WriteKind.Add, value);

    /// <summary>
    /// One observation of <paramref name="value"/> in each of <paramref name="series"/> series (label <c>s</c> = 0…n-1)
    /// of a histogram: count, sum, created, then the cumulative buckets, so that
    /// a chunk boundary inside a series would separate its <c>_count</c> from its <c>+Inf</c> bucket.
    /// </summary>
    public static FamilyWrite Observations(MetricMetadata histogram, int series, double value)
    {
        var writes = new List<SampleWrite>(series * (histogram.Buckets.Count + 4));
        for (var i = 0; i < series; i++)
        {
            var labels = LabelJson.Encode(["s"], [i.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            writes.Add(Add("_count", labels, 1));
            writes.Add(Add("_sum", labels, value));
            writes.Add(new SampleWrite(FieldName.Compose("_created", labels), WriteKind.SetIfAbsent, 1_700_000_000));
            foreach (var bound in histogram.Buckets.Append(double.PositiveInfinity))
            {
                var bucket = LabelJson.Encode(["s", "le"], [i.ToString(System.Globalization.CultureInfo.InvariantCulture), FloatFormatter.FormatSeedLabel(bound)]);
                writes.Add(Add("_bucket", bucket, value <= bound ? 1 : 0));
            }
        }

        return new FamilyWrite(histogram, writes);
    }

    /// <summary>The samples of one family of a read, by field name.</summary>
    public static Dictionary<string, double> Fields(IReadOnlyList<StoredFamily> families, string name) =>
        families.Single(f => f.Name == name).Samples.ToDictionary(s => s.Subkey, s => s.Value, StringComparer.Ordinal);

    /// <summary>
    /// Every series of a histogram read whose <c>_count</c> differs from its <c>+Inf</c> bucket (labels are
    /// <c>{"s":…}</c>, so the bucket field is <c>_bucket:{"le":"+Inf","s":…}</c>).
    /// </summary>
    public static IEnumerable<string> TornSeries(Dictionary<string, double> fields) =>
        fields.Where(f => f.Key.StartsWith("_count:", StringComparison.Ordinal))
            .Where(f => !fields.TryGetValue("_bucket:{\"le\":\"+Inf\"," + f.Key["_count:{".Length..], out var inf) || inf != f.Value)
            .Select(f => f.Key);
}
