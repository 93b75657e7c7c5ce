using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Labels;

/// <summary>
/// The labels added to every series this process writes (<see cref="DistributedMetricsOptions.StaticLabels"/>), sorted
/// by name: appended to each declared family's label names, and their values to each new series' values, so the
/// hot path never sees them.
/// </summary>
internal sealed class StaticLabelSet
{
    private static readonly string[] Reserved = ["instance", "le", "quantile"];

    private StaticLabelSet(string[] names, string[] values)
    {
        Names = names;
        Values = values;
    }

    /// <summary>No static labels.</summary>
    public static StaticLabelSet None { get; } = new([], []);

    /// <summary>The label names, sorted by code point.</summary>
    public string[] Names { get; }

    /// <summary>The values, in the order of <see cref="Names"/>.</summary>
    public string[] Values { get; }

    /// <summary>The set of validated options' labels.</summary>
    public static StaticLabelSet From(IDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return None;
        }

        var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToArray();
        return new([.. sorted.Select(l => l.Key)], [.. sorted.Select(l => l.Value)]);
    }

    /// <summary>Every problem with the static labels, each naming the key: <c>StaticLabels:{name}</c>.</summary>
    public static IEnumerable<string> Validate(IDictionary<string, string> labels)
    {
        foreach (var (name, value) in labels)
        {
            var key = $"StaticLabels:{name}";
            if (!IsValidName(name))
            {
                yield return $"{key}: '{name}' is not a valid label name: a label name must match [a-zA-Z_][a-zA-Z0-9_]* and not start with '__'.";
            }
            else if (Reserved.Contains(name, StringComparer.Ordinal))
            {
                yield return $"{key}: '{name}' is reserved (the library writes 'instance' for per-instance gauges, 'le' for histogram buckets, 'quantile' for summaries).";
            }

            if (value is null)
            {
                yield return $"{key} has no value: a static label needs a value (it may be empty).";
            }
            else if (value.Length > NameRules.MaxLabelValueLength)
            {
                yield return $"{key} has a value of {value.Length} characters; the limit is {NameRules.MaxLabelValueLength}.";
            }
        }
    }

    /// <summary>
    /// Throws when a metric declares a label that is also a static label: the series would carry the name twice.
    /// </summary>
    public void ThrowIfDeclared(string metricName, IReadOnlyList<string> labelNames)
    {
        foreach (var label in labelNames)
        {
            if (Names.Contains(label, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"Metric '{metricName}' declares label '{label}', which is also a static label of this process (DistributedMetrics:StaticLabels:{label}): remove one of them.",
                    nameof(labelNames));
            }
        }
    }

    private static bool IsValidName(string name) =>
        ExpositionNames.IsValidLabelName(name) && !name.StartsWith("__", StringComparison.Ordinal);
}
