using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// An info series: the information last set, as label pairs and as its <c>_info:{labels}</c> field. After a set, a
/// collection sends the field as 1 and, when the information changed, the field this series sent before as 0 (hidden
/// by the exposition), in one batch. Setting the information it holds already compares the pairs and allocates nothing.
/// </summary>
/// <param name="metadata">The family's declaration.</param>
/// <param name="labelValues">The declared labels' values, in declared order.</param>
/// <param name="nameValidation">The rules the information keys follow, like every label name of this process.</param>
internal sealed class InfoSeries(MetricMetadata metadata, string[] labelValues, NameValidation nameValidation)
    : MetricSeries, IInfoSeries
{
    private readonly Lock gate = new();
    private (string Name, string Value)[] held = [];
    private string? field;
    private bool pending;

    // The field last sent with 1; read and written only by the flusher, which collects one batch at a time.
    private string? sentField;

    /// <inheritdoc />
    public void Set(params ReadOnlySpan<(string Name, string Value)> info)
    {
        lock (gate)
        {
            if (field is not null && Holds(held, info))
            {
                pending = true;
                return;
            }
        }

        var pairs = info.ToArray();
        var updated = Compose(pairs);
        lock (gate)
        {
            held = pairs;
            field = updated;
            pending = true;
        }
    }

    /// <inheritdoc />
    public void Set(IReadOnlyDictionary<string, string> info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Set([.. info.Select(pair => (pair.Key, pair.Value))]);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        string? current;
        lock (gate)
        {
            current = pending ? field : null;
            pending = false;
        }

        if (current is null)
        {
            return;
        }

        if (sentField is not null && !string.Equals(current, sentField, StringComparison.Ordinal))
        {
            writes.Add(new SampleWrite(sentField, WriteKind.Set, 0));
        }

        writes.Add(new SampleWrite(current, WriteKind.Set, 1));
        sentField = current;
    }

    /// <inheritdoc />
    protected override IEnumerable<string> SentFields() => sentField is null ? [] : [sentField];

    /// <inheritdoc />
    protected override void Forget() => sentField = null;

    /// <summary>True when <paramref name="given"/> names the same pairs as <paramref name="held"/> (any order, no repeats).</summary>
    private static bool Holds((string Name, string Value)[] held, ReadOnlySpan<(string Name, string Value)> given)
    {
        if (given.Length != held.Length)
        {
            return false;
        }

        for (var i = 0; i < given.Length; i++)
        {
            var found = false;
            foreach (var pair in held)
            {
                if (string.Equals(pair.Name, given[i].Name, StringComparison.Ordinal))
                {
                    found = string.Equals(pair.Value, given[i].Value, StringComparison.Ordinal);
                    break;
                }
            }

            for (var j = 0; found && j < i; j++)
            {
                found = !string.Equals(given[j].Name, given[i].Name, StringComparison.Ordinal);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Validates the information and composes its field: declared labels and information labels together.</summary>
    private string Compose((string Name, string Value)[] info)
    {
        var names = new string[info.Length];
        var values = new string[info.Length];
        for (var i = 0; i < info.Length; i++)
        {
            (names[i], values[i]) = info[i];
            if (names[i] is not null && metadata.LabelNames.Contains(names[i]))
            {
                throw new ArgumentException(
                    $"Info key '{names[i]}' of metric '{metadata.Name}' is one of its declared label names [{string.Join(", ", metadata.LabelNames)}]; choose another key.",
                    nameof(info));
            }
        }

        NameRules.ValidateLabelNames(nameValidation, metadata.Name, names);
        NameRules.ValidateLabelValues(metadata.Name, names, values);
        return FieldName.Compose(FamilyShape.Info, LabelJson.Encode([.. metadata.LabelNames, .. names], [.. labelValues, .. values]));
    }
}
