using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A declared histogram with native buckets and its series; its classic buckets are <see cref="MetricMetadata.Buckets"/>
/// (none for a native-only one). <paramref name="exemplars"/> false never captures an exemplar on a classic bucket.
/// </summary>
internal sealed class NativeHistogram(MetricMetadata metadata, int maxSeries, bool exemplars, NativeHistogramOptions options)
    : MetricFamily<NativeHistogramSeries>(metadata, maxSeries), IHistogram
{
    private readonly double[] bounds = [.. metadata.Buckets];
    private readonly string[] bucketLabelNames = [.. metadata.LabelNames, "le"];
    private readonly string[] leTexts = [.. metadata.Buckets.Select(FloatFormatter.FormatSeedLabel), "+Inf"];

    /// <inheritdoc />
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <inheritdoc />
    public IHistogramSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <summary>
    /// Collects the classic writes, with the native series that changed attached to the family's write; both under the
    /// removal lock, so a series' removal reaches its classic fields and its native part in the same flush.
    /// </summary>
    protected override int CollectSeries(List<FamilyWrite> families)
    {
        var before = families.Count;
        var changed = base.CollectSeries(families);
        var native = new List<NativeHistogramWrite>();
        foreach (var series in Series)
        {
            series.CollectNative(native);
        }

        if (native.Count == 0)
        {
            return changed;
        }

        if (families.Count > before)
        {
            families[^1] = families[^1] with { NativeSeries = native };
            return changed;
        }

        families.Add(new FamilyWrite(Metadata, []) { NativeSeries = native });
        return native.Count;
    }

    /// <inheritdoc />
    protected override NativeHistogramSeries CreateSeries(string[] labelValues) =>
        new(
            new HistogramSeries(Metadata.LabelNames, labelValues, bounds, bucketLabelNames, leTexts, exemplars),
            LabelsJson(labelValues),
            options);
}
