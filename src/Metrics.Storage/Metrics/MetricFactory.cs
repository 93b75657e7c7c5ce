using System.Globalization;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// Validates declarations and registers the families, with this process's static labels appended to every family's
/// label names; <paramref name="exemplars"/> false makes counters and histograms never capture exemplars.
/// </summary>
internal sealed class MetricFactory(
    MetricRegistry registry,
    int maxSeriesPerMetric,
    NameValidation nameValidation,
    StaticLabelSet staticLabels,
    bool exemplars) : IMetricFactory
{
    /// <inheritdoc />
    public ICounter CreateCounter(string name, string help, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        var family = FamilyShape.TrimSuffix(name, FamilyShape.Total);
        if (family.Length == 0)
        {
            throw new ArgumentException($"Metric name '{name}' is invalid: a counter needs a name before '_total'.", nameof(name));
        }

        var metadata = Declare(MetricType.Counter, family, help, labelNames, [], []);
        return registry.GetOrAdd(metadata, m => new Counter(m, maxSeriesPerMetric, exemplars));
    }

    /// <inheritdoc />
    public IGauge CreateGauge(string name, string help, params string[] labelNames) =>
        CreateGauge(name, help, GaugeMode.MostRecent, labelNames);

    /// <inheritdoc />
    public IGauge CreateGauge(string name, string help, GaugeMode mode, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Gauge '{name}' has an unknown mode.");
        }

        var metadata = Declare(MetricType.Gauge, name, help, labelNames, [], mode.LabelsInstances() ? [GaugeModes.InstanceLabel] : [])
            with { Mode = mode };
        return registry.GetOrAdd(metadata, m => new Gauge(m, maxSeriesPerMetric));
    }

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, params string[] labelNames) =>
        CreateHistogram(name, help, [.. Histogram.DefaultBuckets], labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, double[] buckets, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        ArgumentNullException.ThrowIfNull(buckets);
        var bounds = ValidateBuckets(name, buckets);
        var metadata = Declare(MetricType.Histogram, name, help, labelNames, bounds, ["le"]);
        return registry.GetOrAdd(metadata, m => new Histogram(m, maxSeriesPerMetric, exemplars));
    }

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, NativeHistogramOptions native, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        ArgumentNullException.ThrowIfNull(native);
        ValidateNative(name, native);
        double[] bounds = native.ClassicBuckets is { } classic ? ValidateBuckets(name, [.. classic]) : [];
        var metadata = Declare(MetricType.Histogram, name, help, labelNames, bounds, ["le"]) with { Native = true };
        return registry.GetOrAdd(metadata, m => new NativeHistogram(m, maxSeriesPerMetric, exemplars, native));
    }

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        var metadata = Declare(MetricType.Summary, name, help, labelNames, [], ["quantile"]);
        return registry.GetOrAdd(metadata, m => new Summary(m, maxSeriesPerMetric));
    }

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, double[] quantiles, params string[] labelNames) =>
        CreateSummary(name, help, new SummaryOptions { Quantiles = quantiles }, labelNames);

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, SummaryOptions options, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        ArgumentNullException.ThrowIfNull(options);
        var (quantiles, window) = ValidateQuantiles(name, options);
        var metadata = Declare(MetricType.Summary, name, help, labelNames, [], ["quantile"]) with { Quantiles = quantiles, Window = window };
        return registry.GetOrAdd(metadata, m => new Summary(m, maxSeriesPerMetric));
    }

    /// <inheritdoc />
    public IInfo CreateInfo(string name, string help, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        var family = FamilyShape.TrimSuffix(name, FamilyShape.Info);
        if (family.Length == 0)
        {
            throw new ArgumentException($"Metric name '{name}' is invalid: an info metric needs a name before '_info'.", nameof(name));
        }

        var metadata = Declare(MetricType.Info, family, help, labelNames, [], []);
        return registry.GetOrAdd(metadata, m => new Info(m, maxSeriesPerMetric, nameValidation));
    }

    /// <inheritdoc />
    public IStateSet CreateStateSet(string name, string help, string[] states, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name, nameValidation);
        if ((nameValidation == NameValidation.Legacy && name.Contains(':', StringComparison.Ordinal))
            || name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Metric name '{name}' is invalid for a state set: its name is also its state label's name, so it must follow the label name rules ([a-zA-Z_][a-zA-Z0-9_]* unless NameValidation is Utf8) and not start with '__'.",
                nameof(name));
        }

        labelNames ??= [];
        if (labelNames.Contains(name))
        {
            throw new ArgumentException(
                $"Label name '{name}' of state set '{name}' is reserved: a state set's own name is the label of its states.", nameof(labelNames));
        }

        var metadata = Declare(MetricType.StateSet, name, help, labelNames, [], []) with { States = ValidateStates(name, states) };
        return registry.GetOrAdd(metadata, m => new StateSet(m, maxSeriesPerMetric));
    }

    private MetricMetadata Declare(
        MetricType type, string family, string help, string[] labelNames, double[] buckets, ReadOnlySpan<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(help);
        labelNames ??= [];
        NameRules.ValidateLabelNames(nameValidation, family, labelNames, reserved);
        staticLabels.ThrowIfDeclared(family, labelNames);
        return new MetricMetadata(type, family, help, [.. labelNames, .. staticLabels.Names], buckets)
        {
            StaticLabelValues = staticLabels.Values,
        };
    }

    private static string[] ValidateStates(string name, string[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Length == 0)
        {
            throw new ArgumentException($"State set '{name}' needs at least one state.", nameof(states));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            if (string.IsNullOrEmpty(state))
            {
                throw new ArgumentException($"State set '{name}' has an empty state name: every state needs a name.", nameof(states));
            }

            if (state.Length > NameRules.MaxLabelValueLength)
            {
                throw new ArgumentException(
                    $"State set '{name}' has a state of {state.Length} characters; the limit is {NameRules.MaxLabelValueLength}.", nameof(states));
            }

            if (!seen.Add(state))
            {
                throw new ArgumentException($"State set '{name}' declares state '{state}' twice: states must be distinct.", nameof(states));
            }
        }

        return [.. states.Order(StringComparer.Ordinal)];
    }

    private static (double[] Quantiles, QuantileWindow Window) ValidateQuantiles(string name, SummaryOptions options)
    {
        if (options.Quantiles is not { Count: > 0 } quantiles)
        {
            throw new ArgumentException(
                $"Summary '{name}' declares no quantiles: give at least one, or declare it without quantiles for count and sum only.", nameof(options));
        }

        var seen = new HashSet<double>();
        foreach (var quantile in quantiles)
        {
            if (!(quantile is > 0 and < 1))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options), quantile, $"Summary '{name}' has quantile {quantile.ToString(CultureInfo.InvariantCulture)}: a quantile must be greater than 0 and less than 1.");
            }

            if (!seen.Add(quantile))
            {
                throw new ArgumentException(
                    $"Summary '{name}' declares quantile {quantile.ToString(CultureInfo.InvariantCulture)} twice: quantiles must be distinct.", nameof(options));
            }
        }

        if (options.MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxAge, $"Summary '{name}' has a MaxAge of {options.MaxAge}: it must be positive.");
        }

        if (options.AgeBuckets < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.AgeBuckets, $"Summary '{name}' has {options.AgeBuckets} AgeBuckets: it must be at least 1.");
        }

        var window = QuantileWindow.Of(options);
        if (window.MaxAgeMilliseconds < window.AgeBuckets)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxAge, $"Summary '{name}' has a MaxAge of {options.MaxAge} in {options.AgeBuckets} AgeBuckets: each age bucket must span at least 1 ms.");
        }

        return ([.. quantiles.Order()], window);
    }

    private static void ValidateNative(string name, NativeHistogramOptions native)
    {
        if (native.Schema is < NativeSchema.Min or > NativeSchema.Max)
        {
            throw new ArgumentOutOfRangeException(
                nameof(native), native.Schema, $"Histogram '{name}' has native schema {native.Schema}: the schema must be from {NativeSchema.Min} to {NativeSchema.Max}.");
        }

        if (native.MaxBucketCount < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(native), native.MaxBucketCount, $"Histogram '{name}' has a native MaxBucketCount of {native.MaxBucketCount}: it must be at least 1.");
        }

        if (!double.IsFinite(native.ZeroThreshold) || native.ZeroThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(native), native.ZeroThreshold, $"Histogram '{name}' has a native ZeroThreshold of {native.ZeroThreshold}: it must be finite and 0 or more.");
        }
    }

    private static double[] ValidateBuckets(string name, double[] buckets)
    {
        var bounds = buckets.Length > 0 && double.IsPositiveInfinity(buckets[^1]) ? buckets[..^1] : buckets;
        if (bounds.Length == 0)
        {
            throw new ArgumentException($"Histogram '{name}' needs at least one finite bucket bound.", nameof(buckets));
        }

        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]))
            {
                throw new ArgumentException(
                    $"Histogram '{name}' has bucket bound {bounds[i]} at position {i}: bounds must be finite (+Inf is added for you and may only be last).",
                    nameof(buckets));
            }

            if (i > 0 && bounds[i] <= bounds[i - 1])
            {
                throw new ArgumentException(
                    $"Histogram '{name}' has bucket bounds that do not strictly increase: {bounds[i - 1]} is followed by {bounds[i]} at position {i}.",
                    nameof(buckets));
            }
        }

        return [.. bounds];
    }
}
