using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Which stored label names a family may show: never one starting with <c>__</c> (Prometheus' own), never one its type
/// reserves (a summary's <c>quantile</c>; a histogram's <c>le</c> belongs to buckets only), and, when a declaration is
/// stored, only the declared names (plus an info's information keys, which are not declared, and a state set's own
/// name, its state label).
/// </summary>
internal sealed class LabelRules
{
    private const string Quantile = "quantile";

    private readonly HashSet<string>? declared;
    private readonly string? typeReserved;

    private LabelRules(HashSet<string>? declared, string? typeReserved)
    {
        this.declared = declared;
        this.typeReserved = typeReserved;
    }

    /// <summary>The rules of family <paramref name="name"/> of <paramref name="type"/>, declared by <paramref name="metadata"/> when stored.</summary>
    public static LabelRules For(string name, MetricType type, MetricMetadata? metadata)
    {
        HashSet<string>? declared = null;
        if (metadata is not null && type != MetricType.Info)
        {
            declared = new HashSet<string>(metadata.LabelNames, StringComparer.Ordinal);
            if (type == MetricType.StateSet)
            {
                declared.Add(name);
            }
        }

        return new LabelRules(declared, type == MetricType.Summary ? Quantile : null);
    }

    /// <summary>Why <paramref name="label"/> cannot be shown, or null when it can.</summary>
    public SkipReason? Check(string label)
    {
        if (label.StartsWith("__", StringComparison.Ordinal) || string.Equals(label, typeReserved, StringComparison.Ordinal))
        {
            return SkipReason.ReservedLabel;
        }

        return declared is null || declared.Contains(label) ? null : SkipReason.UndeclaredLabel;
    }
}
