using System.Diagnostics.Metrics;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>Recognises an instrument's kind and reads the bucket bounds it advises.</summary>
internal static class InstrumentKinds
{
    /// <summary>The kind of <paramref name="instrument"/>, or null for an instrument type the bridge does not know.</summary>
    public static InstrumentKind? Of(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) ? InstrumentKind.Counter
            : definition == typeof(UpDownCounter<>) ? InstrumentKind.UpDownCounter
            : definition == typeof(Histogram<>) ? InstrumentKind.Histogram
            : definition == typeof(ObservableCounter<>) ? InstrumentKind.ObservableCounter
            : definition == typeof(ObservableUpDownCounter<>) ? InstrumentKind.ObservableUpDownCounter
            : definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? InstrumentKind.Gauge
            : null;
    }

    /// <summary>True for the kinds exposed as counters (named with <c>_total</c>).</summary>
    public static bool IsCounter(this InstrumentKind kind) => kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter;

    /// <summary>True for the kinds exposed as gauges.</summary>
    public static bool IsGauge(this InstrumentKind kind) =>
        kind is InstrumentKind.UpDownCounter or InstrumentKind.ObservableUpDownCounter or InstrumentKind.Gauge;

    /// <summary>The histogram bucket bounds the instrument's author advised, or null when there are none.</summary>
    public static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Instrument<double> i => i.Advice?.HistogramBucketBoundaries?.ToArray(),
        Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };
}
