using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Resolves a family's stored labels JSON texts to series: labels in output order — declared names first in declared
/// order, then undeclared ones in stored (sorted) order — with a histogram's <c>le</c> taken out, and texts naming the
/// same label set joined into one series (an empty label value counts as no label, as in Prometheus). A text without
/// <c>le</c> is parsed once however many samples share it.
/// The lookup tables are pooled: dispose the index when the family is built.
/// </summary>
/// <param name="declaredOrder">The label names from metadata, or null to keep the stored order.</param>
/// <param name="splitLe">True for a histogram: <c>le</c> is taken out of the labels into <see cref="LabelEntry.Le"/>.</param>
/// <param name="expectedSeries">How many series the family probably holds (sizes the tables once).</param>
/// <param name="strings">The label name and value strings of the whole read, shared by every family's index.</param>
/// <param name="rules">Which label names the family may show.</param>
internal sealed class FamilySeriesIndex(
    IReadOnlyList<string>? declaredOrder,
    bool splitLe,
    int expectedSeries,
    HashSet<string>.AlternateLookup<ReadOnlySpan<char>> strings,
    LabelRules rules) : IDisposable
{
    private const int StackLimit = 64;

    // A text that is not a valid label set is cached under a negative id: Invalid minus its skip reason.
    private const int Invalid = -1;

    // Only texts without le are cached, by series id: a bucket's text is unique to that one bucket, so caching it
    // saves nothing.
    private readonly PooledIdMap<FieldName> _entries = new(EqualityComparer<FieldName>.Default, expectedSeries);
    private readonly List<KeyValuePair<string, string>> _scratch = [];

    private readonly PooledIdMap<KeyValuePair<string, string>[]> _seriesIds = new(LabelSetComparer.Instance, expectedSeries);
    private readonly List<KeyValuePair<string, string>[]> _series = new(expectedSeries);

    /// <summary>The labels of every series found so far, by series id (<see cref="LabelEntry.Series"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>[]> Series => _series;

    /// <summary>
    /// Resolves the labels JSON of a field; false, with the reason, when it is not a flat JSON object of string values
    /// with valid, distinct label names that <see cref="LabelRules"/> allow.
    /// </summary>
    public bool TryGet(FieldName json, out LabelEntry entry, out SkipReason reason)
    {
        if (_entries.TryGetValue(json, out var series))
        {
            entry = series < 0 ? default : new LabelEntry(_series[series], null, double.NaN, series);
            reason = series < 0 ? (SkipReason)(Invalid - series) : default;
        }
        else
        {
            var parsed = json.IsUtf8
                ? LabelJson.TryParse(json.Utf8, strings, _scratch)
                : LabelJson.TryParse(json.Text, strings, _scratch);
            (entry, reason) = parsed ? Resolve() : (default, SkipReason.UnparsableField);
            if (entry.Le is null)
            {
                _entries.Add(json, entry.Labels is null ? Invalid - (int)reason : entry.Series);
            }
        }

        return entry.Labels is not null;
    }

    /// <summary>Returns the lookup tables to the pool.</summary>
    public void Dispose()
    {
        _entries.Dispose();
        _seriesIds.Dispose();
    }

    /// <summary>The entry of the label set just parsed into the scratch list.</summary>
    private (LabelEntry Entry, SkipReason Reason) Resolve()
    {
        var leIndex = -1;
        for (var i = 0; i < _scratch.Count; i++)
        {
            var name = _scratch[i].Key;
            if (!ExpositionNames.IsValidUtf8Name(name) || IndexOf(name) != i)
            {
                return (default, SkipReason.UnparsableField);
            }

            if (splitLe && name == FamilyShape.Le)
            {
                leIndex = i;
            }
            else if (rules.Check(name) is { } refused)
            {
                return (default, refused);
            }
        }

        var labels = Order(leIndex);
        var identity = WithoutEmptyValues(labels);
        if (_seriesIds.TryGetValue(identity, out var series))
        {
            labels = _series[series];
        }
        else
        {
            series = _series.Count;
            _seriesIds.Add(identity, series);
            _series.Add(labels);
        }

        if (leIndex < 0)
        {
            return (new LabelEntry(labels, null, double.NaN, series), default);
        }

        var le = _scratch[leIndex].Value;
        return (new LabelEntry(labels, le, BucketBound.TryParse(le, out var bound) ? bound : double.NaN, series), default);
    }

    /// <summary>
    /// The label set as Prometheus identifies the series: a label with an empty value is no label, so <c>{a=""}</c> and
    /// <c>{}</c> are one series (two samples of it would be one sample stored twice). The same array when no value is empty.
    /// </summary>
    private static KeyValuePair<string, string>[] WithoutEmptyValues(KeyValuePair<string, string>[] labels)
    {
        var empty = 0;
        foreach (var label in labels)
        {
            empty += label.Value.Length == 0 ? 1 : 0;
        }

        if (empty == 0)
        {
            return labels;
        }

        var identity = new KeyValuePair<string, string>[labels.Length - empty];
        var next = 0;
        foreach (var label in labels)
        {
            if (label.Value.Length != 0)
            {
                identity[next++] = label;
            }
        }

        return identity;
    }

    private KeyValuePair<string, string>[] Order(int leIndex)
    {
        var count = _scratch.Count;
        var result = new KeyValuePair<string, string>[leIndex < 0 ? count : count - 1];
        Span<bool> taken = count <= StackLimit ? stackalloc bool[StackLimit] : new bool[count];
        taken.Clear();
        if (leIndex >= 0)
        {
            taken[leIndex] = true;
        }

        var next = 0;
        var declared = declaredOrder ?? [];

        // Indexed, not foreach: enumerating the list interface would allocate an enumerator per series.
        for (var d = 0; d < declared.Count; d++)
        {
            var index = IndexOf(declared[d]);
            if (index >= 0 && !taken[index])
            {
                taken[index] = true;
                result[next++] = _scratch[index];
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (!taken[i])
            {
                result[next++] = _scratch[i];
            }
        }

        return result;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _scratch.Count; i++)
        {
            if (string.Equals(_scratch[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
