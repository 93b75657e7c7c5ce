using System.Diagnostics.Metrics;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// A <see cref="MeterListener"/> that enables every instrument of the chosen meters (those published already and
/// those published later) and records their measurements into metrics of <see cref="IMetricFactory"/>. Observable
/// instruments report only when <see cref="RecordObservableInstruments"/> polls them.
/// </summary>
internal sealed class MeterBridge : IDisposable
{
    /// <summary>The counter of tags dropped because their key was not among the metric's labels.</summary>
    public const string DroppedTagsName = "distributed_metrics_meter_tags_dropped_total";

    private readonly MeterListener listener = new();
    private readonly IMetricFactory factory;
    private readonly MeterBridgeOptions options;
    private readonly IReadOnlyCollection<string> staticLabelNames;
    private readonly bool nativeHistograms;
    private readonly Action<Instrument, Exception> failed;
    private readonly ICounter droppedTags;

    /// <summary>Prepares the listener; <see cref="Start"/> starts it.</summary>
    /// <param name="factory">Declares the metrics.</param>
    /// <param name="options">The meters to listen to and the tag keys declared for instruments.</param>
    /// <param name="staticLabelNames">The names of the static labels, which no tag may take.</param>
    /// <param name="nativeHistograms">True to record histograms as native histograms.</param>
    /// <param name="failed">Told, once per instrument, when its metric cannot be declared or refuses a measurement.</param>
    public MeterBridge(
        IMetricFactory factory,
        MeterBridgeOptions options,
        IReadOnlyCollection<string> staticLabelNames,
        bool nativeHistograms,
        Action<Instrument, Exception> failed)
    {
        this.nativeHistograms = nativeHistograms;
        this.factory = factory;
        this.options = options;
        this.staticLabelNames = staticLabelNames;
        this.failed = failed;
        droppedTags = factory.CreateCounter(
            DroppedTagsName,
            "Tags of System.Diagnostics.Metrics measurements dropped because their key is not among the labels of the instrument's metric, by metric.",
            "metric");
        listener.InstrumentPublished = OnInstrumentPublished;
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => Record(state, value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => Record(state, (double)value, tags));
    }

    /// <summary>Starts listening: enables the chosen meters' instruments published so far and from now on.</summary>
    public void Start() => listener.Start();

    /// <summary>Polls the observable instruments of the chosen meters and records what they report.</summary>
    public void RecordObservableInstruments() => listener.RecordObservableInstruments();

    /// <summary>Stops listening.</summary>
    public void Dispose() => listener.Dispose();

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        ((InstrumentBridge)state!).Record(value, tags);

    private void OnInstrumentPublished(Instrument instrument, MeterListener source)
    {
        if (options.MeterNames.Contains(instrument.Meter.Name) && InstrumentKinds.Of(instrument) is { } kind)
        {
            var tagKeys = options.TagKeysOf(instrument.Meter.Name, instrument.Name);
            source.EnableMeasurementEvents(
                instrument, new InstrumentBridge(instrument, kind, tagKeys, staticLabelNames, factory, droppedTags, failed) { NativeHistograms = nativeHistograms });
        }
    }
}
