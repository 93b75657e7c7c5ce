using System.Buffers;
using System.Diagnostics.Metrics;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// Records the measurements of one instrument into its metric, declared at the first measurement: labelled with the
/// given tag keys when they are known in advance (<paramref name="tagKeys"/>), else with the first measurement's, never
/// with a static label's name. Never throws into the instrumented code: a metric that cannot be declared disables the
/// instrument, a measurement the metric refuses (a negative counter increment) is dropped; both are reported once.
/// </summary>
internal sealed class InstrumentBridge(
    Instrument instrument,
    InstrumentKind kind,
    string[]? tagKeys,
    IReadOnlyCollection<string> staticLabelNames,
    IMetricFactory factory,
    ICounter droppedTags,
    Action<Instrument, Exception> failed)
{
    private readonly Lock declaring = new();
    private readonly Dictionary<string, double> lastCumulative = new(StringComparer.Ordinal);
    private volatile DeclaredMetric? declared;
    private volatile bool disabled;
    private int reported;

    /// <summary>True to declare a histogram instrument's metric with native buckets.</summary>
    public bool NativeHistograms { get; init; }

    /// <summary>Records one measurement with its tags.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (disabled)
        {
            return;
        }

        try
        {
            var metric = declared ?? Declare(tags);
            if (metric is null)
            {
                return;
            }

            var count = metric.Labels.Names.Length;
            if (count <= LabelValueBuffer.Capacity)
            {
                var buffer = default(LabelValueBuffer);
                Record(metric, value, tags, ((Span<string>)buffer)[..count]);
                return;
            }

            var rented = ArrayPool<string>.Shared.Rent(count);
            try
            {
                Record(metric, value, tags, rented.AsSpan(0, count));
            }
            finally
            {
                rented.AsSpan(0, count).Clear();
                ArrayPool<string>.Shared.Return(rented);
            }
        }
#pragma warning disable CA1031 // A listener callback must never throw into the code that measured.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (Interlocked.Exchange(ref reported, 1) == 0)
            {
                failed(instrument, e);
            }
        }
    }

    private void Record(DeclaredMetric metric, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<string> values)
    {
        var dropped = metric.Labels.Fill(tags, values);
        if (dropped > 0)
        {
            droppedTags.WithLabels(metric.Name).Inc(dropped);
        }

        Apply(metric, values, value);
    }

    private void Apply(DeclaredMetric metric, ReadOnlySpan<string> labels, double value)
    {
        switch (kind)
        {
            case InstrumentKind.Counter:
                metric.Counter!.WithLabels(labels).Inc(value);
                break;
            case InstrumentKind.UpDownCounter:
                metric.Gauge!.WithLabels(labels).Inc(value);
                break;
            case InstrumentKind.Histogram:
                metric.Histogram!.WithLabels(labels).Observe(value);
                break;
            case InstrumentKind.ObservableCounter:
                metric.Counter!.WithLabels(labels).Inc(Rise(labels, value));
                break;
            default:
                metric.Gauge!.WithLabels(labels).Set(value);
                break;
        }
    }

    /// <summary>
    /// The rise of an observed cumulative value since the last observation of the series: all of it the first time
    /// and after a decrease (a reset of the source).
    /// </summary>
    private double Rise(ReadOnlySpan<string> labels, double value)
    {
        var key = string.Join('\u001f', labels);
        lock (lastCumulative)
        {
            var rise = lastCumulative.TryGetValue(key, out var last) && value >= last ? value - last : value;
            lastCumulative[key] = value;
            return rise;
        }
    }

    private DeclaredMetric? Declare(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (declaring)
        {
            if (declared is not null || disabled)
            {
                return declared;
            }

            try
            {
                declared = Create(tags);
            }
            catch (ArgumentException e)
            {
                Disable(e);
            }
            catch (InvalidOperationException e)
            {
                Disable(e);
            }

            return declared;
        }
    }

    private void Disable(Exception e)
    {
        disabled = true;
        reported = 1;
        failed(instrument, e);
    }

    private DeclaredMetric Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var name = PrometheusNames.Metric(instrument.Name, instrument.Unit, kind);
        var help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"Instrument {instrument.Name} of meter {instrument.Meter.Name}."
            : instrument.Description;
        switch (kind)
        {
            case InstrumentKind.Counter or InstrumentKind.ObservableCounter:
            {
                var labels = Labels(tags, null);
                return new DeclaredMetric(name, labels, factory.CreateCounter(name, help, labels.Names), null, null);
            }

            case InstrumentKind.Histogram:
            {
                var labels = Labels(tags, "le");
                var buckets = InstrumentKinds.AdvisedBuckets(instrument);
                var histogram = NativeHistograms
                    ? factory.CreateHistogram(name, help, new NativeHistogramOptions { ClassicBuckets = buckets is { Length: > 0 } ? buckets : null }, labels.Names)
                    : buckets is { Length: > 0 }
                        ? factory.CreateHistogram(name, help, buckets, labels.Names)
                        : factory.CreateHistogram(name, help, labels.Names);
                return new DeclaredMetric(name, labels, null, null, histogram);
            }

            case InstrumentKind.Gauge:
            {
                var labels = Labels(tags, "instance");
                return new DeclaredMetric(name, labels, null, factory.CreateGauge(name, help, GaugeMode.LivePerInstance, labels.Names), null);
            }

            default:
            {
                var labels = Labels(tags, null);
                return new DeclaredMetric(name, labels, null, factory.CreateGauge(name, help, GaugeMode.LiveSum, labels.Names), null);
            }
        }
    }

    /// <summary>The labels of the metric: from the known tag keys, else from the first measurement's tags.</summary>
    private TagLabels Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags, string? typeLabel)
    {
        string[] reserved = typeLabel is null ? [.. staticLabelNames] : [typeLabel, .. staticLabelNames];
        return tagKeys is null ? TagLabels.FromFirst(tags, reserved) : TagLabels.FromKeys(tagKeys, reserved);
    }
}
