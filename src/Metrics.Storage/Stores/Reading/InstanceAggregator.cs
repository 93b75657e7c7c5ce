using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Turns the per-instance values of gauges into the samples their mode exposes (a sum, maximum or minimum per
/// series, or one series per instance with an <c>instance</c> label), counting only live instances in the
/// <c>Live*</c> modes, and makes the self-metric <see cref="LiveInstancesName"/>.
/// </summary>
internal static class InstanceAggregator
{
    /// <summary>The self-metric counting the live instances.</summary>
    public const string LiveInstancesName = "distributed_metrics_live_instances";

    /// <summary>The ids of the instances whose last heartbeat is at most <paramref name="instanceTimeout"/> old.</summary>
    public static HashSet<string> Live(IReadOnlyList<InstanceHeartbeat> instances, TimeSpan instanceTimeout)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            if (instance.Age <= instanceTimeout)
            {
                live.Add(instance.InstanceId);
            }
        }

        return live;
    }

    /// <summary>
    /// The family as the exposition shows it: a per-instance gauge's values combined per its mode over the instances
    /// it counts (<paramref name="live"/> ones in the <c>Live*</c> modes); any other family as it is.
    /// </summary>
    public static StoredFamily Aggregate(StoredFamily family, HashSet<string> live) =>
        family.Metadata is { } metadata && metadata.Mode.IsPerInstance() ? Aggregate(family, metadata, live) : family;

    /// <summary>The self-metric <see cref="LiveInstancesName"/> as a stored family.</summary>
    public static StoredFamily LiveInstances(int count) => new(
        LiveInstancesName,
        new MetricMetadata(
            MetricType.Gauge,
            LiveInstancesName,
            "Instances whose last heartbeat into the metrics store is within the instance timeout.",
            [],
            []),
        [new StoredSample(FieldName.Compose(string.Empty, LabelJson.Empty), count)]);

    private static StoredFamily Aggregate(StoredFamily family, MetricMetadata metadata, HashSet<string> live)
    {
        var counted = (family.InstanceSamples ?? []).Where(s => !metadata.Mode.IsLive() || live.Contains(s.InstanceId));
        return metadata.Mode.LabelsInstances()
            ? new StoredFamily(
                family.Name,
                metadata with { LabelNames = [.. metadata.LabelNames, GaugeModes.InstanceLabel] },
                [.. counted.Select(LabelWithInstance).OfType<StoredSample>()])
            : new StoredFamily(family.Name, metadata, Combine(counted, metadata.Mode));
    }

    private static List<StoredSample> Combine(IEnumerable<InstanceSample> samples, GaugeMode mode)
    {
        var combined = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            combined[sample.Subkey] = combined.TryGetValue(sample.Subkey, out var value)
                ? mode switch
                {
                    GaugeMode.Max or GaugeMode.LiveMax => Math.Max(value, sample.Value),
                    GaugeMode.Min or GaugeMode.LiveMin => Math.Min(value, sample.Value),
                    _ => value + sample.Value,
                }
                : sample.Value;
        }

        return [.. combined.Select(c => new StoredSample(c.Key, c.Value))];
    }

    /// <summary>The sample with the <c>instance</c> label added; null when its field cannot be parsed or has one.</summary>
    private static StoredSample? LabelWithInstance(InstanceSample sample)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (!new FieldName(sample.Subkey).TrySplit(out var suffix, out var json) || !LabelJson.TryParse(json.Text, labels))
        {
            return null;
        }

        if (labels.Any(l => l.Key == GaugeModes.InstanceLabel))
        {
            return null;
        }

        string[] names = [.. labels.Select(l => l.Key), GaugeModes.InstanceLabel];
        string[] values = [.. labels.Select(l => l.Value), sample.InstanceId];
        return new StoredSample(FieldName.Compose(suffix, LabelJson.Encode(names, values)), sample.Value);
    }
}
