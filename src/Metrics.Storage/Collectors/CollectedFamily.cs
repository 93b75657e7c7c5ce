using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Collectors;

/// <summary>
/// A family a collector is building: validated name, help and label names, and its series in the order added.
/// The typed builders (<see cref="CounterFamily"/>, ...) turn their arguments into samples and add them here.
/// </summary>
internal sealed class CollectedFamily
{
    private readonly HashSet<KeyValuePair<string, string>[]> seen = new(LabelSetComparer.Instance);
    private readonly List<SeriesSnapshot> series = [];

    public CollectedFamily(
        NameValidation validation, MetricType type, string name, string help, string[] labelNames, params ReadOnlySpan<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(name);

        // A counter's family is named without _total and an info's without _info, as declared metrics are.
        name = type switch
        {
            MetricType.Counter => FamilyShape.TrimSuffix(name, FamilyShape.Total),
            MetricType.Info => FamilyShape.TrimSuffix(name, FamilyShape.Info),
            _ => name,
        };
        NameRules.ValidateMetricName(name, validation);
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(labelNames);
        NameRules.ValidateLabelNames(validation, name, labelNames, reserved);
        Validation = validation;
        Type = type;
        Name = name;
        Help = help;
        LabelNames = [.. labelNames];
    }

    /// <summary>The name validation the family was declared under (its later label names follow it too).</summary>
    public NameValidation Validation { get; }

    public MetricType Type { get; }

    public string Name { get; }

    public string Help { get; }

    public string[] LabelNames { get; }

    /// <summary>Every sample name this family writes in either format, and its own name.</summary>
    public string[] ClaimedNames => FamilyShape.ClaimedNames(Name, Type);

    /// <summary>The family as the exposition writes it.</summary>
    public FamilySnapshot ToSnapshot() => FamilySnapshot.FromSeries(Name, Type, Help, series);

    /// <summary>The series labels: the declared names with <paramref name="values"/>, then <paramref name="extra"/>.</summary>
    public KeyValuePair<string, string>[] Labels(IReadOnlyList<string> values, params ReadOnlySpan<KeyValuePair<string, string>> extra)
    {
        ArgumentNullException.ThrowIfNull(values);
        NameRules.ValidateLabelValues(Name, LabelNames, [.. values]);
        var labels = new KeyValuePair<string, string>[LabelNames.Length + extra.Length];
        for (var i = 0; i < LabelNames.Length; i++)
        {
            labels[i] = new(LabelNames[i], values[i]);
        }

        extra.CopyTo(labels.AsSpan(LabelNames.Length));
        return labels;
    }

    /// <summary>Adds a series; a label set may be added once.</summary>
    public void Add(KeyValuePair<string, string>[] labels, params SampleSnapshot[] samples)
    {
        if (!seen.Add(labels))
        {
            throw new InvalidOperationException(
                $"Family '{Name}' already has the series {{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}; add each label set once.");
        }

        series.Add(new SeriesSnapshot(labels, samples));
    }

    /// <summary>The extras of a sample, or null when there are none.</summary>
    public static SampleExtras? Extras(DateTimeOffset? timestamp, Exemplar? exemplar = null) =>
        timestamp is null && exemplar is null ? null : new SampleExtras(timestamp?.ToUnixTimeMilliseconds(), exemplar);

    /// <summary>A <c>_created</c> sample (unix seconds) when <paramref name="created"/> is set.</summary>
    public static IEnumerable<SampleSnapshot> Created(DateTimeOffset? created, DateTimeOffset? timestamp) =>
        created is { } time
            ? [new SampleSnapshot(FamilyShape.Created, null, time.ToUnixTimeMilliseconds() / 1000.0, Extras(timestamp))]
            : [];

    /// <summary>
    /// The <c>_bucket</c> samples of cumulative <paramref name="buckets"/>, checked: bounds increasing and ending with
    /// +Inf, counts non-negative and non-decreasing.
    /// </summary>
    public IEnumerable<SampleSnapshot> Buckets(IReadOnlyList<HistogramBucket> buckets, DateTimeOffset? timestamp)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            throw new ArgumentException($"The buckets of '{Name}' must end with an upper bound of +Inf.", nameof(buckets));
        }

        var samples = new SampleSnapshot[buckets.Count];
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            var previous = i > 0 ? buckets[i - 1] : (HistogramBucket?)null;
            if (double.IsNaN(bucket.UpperBound) || (previous is { } p && bucket.UpperBound <= p.UpperBound))
            {
                throw new ArgumentException($"The bucket bounds of '{Name}' must increase strictly.", nameof(buckets));
            }

            if (!(bucket.CumulativeCount >= 0) || (previous is { } q && bucket.CumulativeCount < q.CumulativeCount))
            {
                throw new ArgumentException(
                    $"The bucket counts of '{Name}' must be cumulative: non-negative and never decreasing.", nameof(buckets));
            }

            samples[i] = new SampleSnapshot(
                FamilyShape.Bucket,
                FloatFormatter.FormatSeedLabel(bucket.UpperBound),
                bucket.CumulativeCount,
                Extras(timestamp, bucket.Exemplar));
        }

        return samples;
    }
}
