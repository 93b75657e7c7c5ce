using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Labels;

/// <summary>The Prometheus data model's naming rules, with messages that name the rule broken.</summary>
internal static class NameRules
{
    /// <summary>The longest label value accepted, in UTF-16 code units.</summary>
    public const int MaxLabelValueLength = 2048;

    /// <summary>
    /// Throws unless <paramref name="name"/> is valid under <paramref name="validation"/>: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>
    /// (legacy), or any non-empty well-formed UTF-8 text (UTF-8).
    /// </summary>
    public static void ValidateMetricName(string name, NameValidation validation)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (validation == NameValidation.Utf8)
        {
            if (!ExpositionNames.IsValidUtf8Name(name))
            {
                throw new ArgumentException(
                    $"Metric name '{name}' is invalid: in UTF-8 name validation a metric name must be non-empty, well-formed UTF-8 (no lone surrogates).",
                    nameof(name));
            }
        }
        else if (!ExpositionNames.IsValidMetricName(name))
        {
            throw new ArgumentException(
                $"Metric name '{name}' is invalid: a metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*.", nameof(name));
        }
    }

    /// <summary>
    /// Throws unless every label name matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, does not start with <c>__</c>
    /// (reserved for Prometheus), is not one of <paramref name="reserved"/>, and is not repeated.
    /// </summary>
    public static void ValidateLabelNames(string metricName, IReadOnlyList<string> labelNames, params ReadOnlySpan<string> reserved) =>
        ValidateLabelNames(NameValidation.Legacy, metricName, labelNames, reserved);

    /// <summary>
    /// Throws unless every label name is valid under <paramref name="validation"/> (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>, or any
    /// non-empty well-formed UTF-8 text), does not start with <c>__</c> (reserved for Prometheus), is not one of
    /// <paramref name="reserved"/>, and is not repeated.
    /// </summary>
    public static void ValidateLabelNames(
        NameValidation validation, string metricName, IReadOnlyList<string> labelNames, params ReadOnlySpan<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labelNames)
        {
            if (validation == NameValidation.Utf8)
            {
                if (label is null || !ExpositionNames.IsValidUtf8Name(label))
                {
                    throw new ArgumentException(
                        $"Label name '{label}' of metric '{metricName}' is invalid: in UTF-8 name validation a label name must be non-empty, well-formed UTF-8 (no lone surrogates).",
                        nameof(labelNames));
                }
            }
            else if (label is null || !ExpositionNames.IsValidLabelName(label))
            {
                throw new ArgumentException(
                    $"Label name '{label}' of metric '{metricName}' is invalid: a label name must match [a-zA-Z_][a-zA-Z0-9_]*.",
                    nameof(labelNames));
            }

            if (label.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Label name '{label}' of metric '{metricName}' is reserved: names starting with '__' are for Prometheus' own use.",
                    nameof(labelNames));
            }

            if (reserved.Contains(label))
            {
                throw new ArgumentException(
                    $"Label name '{label}' of metric '{metricName}' is reserved for this metric type.", nameof(labelNames));
            }

            if (!seen.Add(label))
            {
                throw new ArgumentException(
                    $"Label name '{label}' of metric '{metricName}' is declared twice.", nameof(labelNames));
            }
        }
    }

    /// <summary>Throws unless the values fit the declared label names: same count, none null, none too long.</summary>
    public static void ValidateLabelValues(string metricName, IReadOnlyList<string> labelNames, ReadOnlySpan<string> values)
    {
        if (values.Length != labelNames.Count)
        {
            throw new ArgumentException(
                $"Metric '{metricName}' has {labelNames.Count} label name(s) [{string.Join(", ", labelNames)}] but {values.Length} label value(s) were given.",
                nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException(
                    $"Label '{labelNames[i]}' of metric '{metricName}' has a null value.", nameof(values));
            }

            if (values[i].Length > MaxLabelValueLength)
            {
                throw new ArgumentException(
                    $"Label '{labelNames[i]}' of metric '{metricName}' has a value of {values[i].Length} characters; the limit is {MaxLabelValueLength}.",
                    nameof(values));
            }
        }
    }
}
