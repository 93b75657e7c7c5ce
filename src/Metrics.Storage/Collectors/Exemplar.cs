using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed;

/// <summary>
/// An exemplar: one observation with its own labels (typically a trace id), written after a counter's
/// <c>_total</c> or a bucket sample in OpenMetrics (<c># {trace_id="abc"} 0.7 1700000000.5</c>) and left out of
/// the Prometheus text format.
/// </summary>
public sealed class Exemplar
{
    /// <summary>The longest the label names and values may be together, in characters (OpenMetrics' limit).</summary>
    internal const int MaxLabelsLength = 128;

    /// <summary>Creates an exemplar.</summary>
    /// <param name="value">The observed value.</param>
    /// <param name="labels">Its labels, e.g. <c>("trace_id", "4bf92f3577b34da6")</c>; written in this order.</param>
    /// <exception cref="ArgumentException">A label name is invalid or repeated, or the labels are longer than 128 characters together (OpenMetrics' limit).</exception>
    public Exemplar(double value, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var names = labels.Select(l => l.Name).ToArray();
        NameRules.ValidateLabelNames("exemplar", names);
        var length = 0;
        foreach (var (name, labelValue) in labels)
        {
            ArgumentNullException.ThrowIfNull(labelValue, nameof(labels));
            length += name.EnumerateRunes().Count() + labelValue.EnumerateRunes().Count();
        }

        if (length > MaxLabelsLength)
        {
            throw new ArgumentException(
                $"Exemplar labels are {length} characters long; OpenMetrics allows at most {MaxLabelsLength}.", nameof(labels));
        }

        Value = value;
        Labels = [.. labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))];
    }

    /// <summary>The observed value.</summary>
    public double Value { get; }

    /// <summary>When it was observed; null writes no timestamp.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The labels in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }
}
