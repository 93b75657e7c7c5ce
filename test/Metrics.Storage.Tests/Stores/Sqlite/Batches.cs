using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

/// <summary>Short ways to write flush batches and to look values up in what a store read.</summary>
internal static class Batches
{
    public static MetricMetadata Counter(string name) => new(MetricType.Counter, name, "A counter.", [], []);

    public static MetricMetadata Gauge(string name) => new(MetricType.Gauge, name, "A gauge.", [], []);

    public static FlushBatch Batch(string instance, long sequence, params FamilyWrite[] families) =>
        new(instance, sequence, families);

    public static FamilyWrite Family(MetricMetadata metadata, params SampleWrite[] samples) => new(metadata, samples);

    public static SampleWrite Add(string subkey, double value) => new(subkey, WriteKind.Add, value);

    public static SampleWrite Set(string subkey, double value) => new(subkey, WriteKind.Set, value);

    public static SampleWrite SetIfAbsent(string subkey, double value) => new(subkey, WriteKind.SetIfAbsent, value);

    /// <summary>The value of one field, or null when the family or the field is absent.</summary>
    public static double? Value(this IReadOnlyList<StoredFamily> families, string family, string subkey)
    {
        var samples = families.SingleOrDefault(f => f.Name == family)?.Samples ?? [];
        return samples.Where(s => s.Subkey == subkey).Select(s => (double?)s.Value).SingleOrDefault();
    }
}
