using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Parses a family's stored label JSON into label pairs in output order, once per distinct JSON text (the samples of
/// one series share it): declared names first in declared order, then undeclared ones in stored (sorted) order,
/// and <c>le</c> last for a histogram.
/// </summary>
/// <param name="declaredOrder">The label names from metadata, or null to keep the stored order.</param>
/// <param name="leLast">True for a histogram: <c>le</c> goes last, wherever it is declared or stored.</param>
internal sealed class FamilyLabelCache(IReadOnlyList<string>? declaredOrder, bool leLast)
{
    /// <summary>The histogram bucket label.</summary>
    public const string Le = "le";

    private readonly Dictionary<string, KeyValuePair<string, string>[]?> _parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// The ordered labels of <paramref name="json"/>, or null when it is not a flat JSON object of valid, distinct
    /// label names with string values.
    /// </summary>
    public KeyValuePair<string, string>[]? Get(string json)
    {
        if (!_parsed.TryGetValue(json, out var labels))
        {
            labels = Parse(json);
            _parsed.Add(json, labels);
        }

        return labels;
    }

    private KeyValuePair<string, string>[]? Parse(string json)
    {
        IReadOnlyList<KeyValuePair<string, string>> stored;
        try
        {
            stored = LabelJson.Parse(json);
        }
        catch (FormatException)
        {
            return null;
        }

        for (var i = 0; i < stored.Count; i++)
        {
            if (!ExpositionNames.IsValidLabelName(stored[i].Key) || IndexOf(stored, stored[i].Key) != i)
            {
                return null;
            }
        }

        return Order(stored);
    }

    private KeyValuePair<string, string>[] Order(IReadOnlyList<KeyValuePair<string, string>> stored)
    {
        if (declaredOrder is null && !leLast)
        {
            return [.. stored];
        }

        var result = new KeyValuePair<string, string>[stored.Count];
        var taken = new bool[stored.Count];
        var count = 0;
        foreach (var name in declaredOrder ?? [])
        {
            if (!IsMovedLast(name))
            {
                Take(IndexOf(stored, name));
            }
        }

        for (var i = 0; i < stored.Count; i++)
        {
            if (!IsMovedLast(stored[i].Key))
            {
                Take(i);
            }
        }

        Take(IndexOf(stored, Le));
        return result;

        void Take(int index)
        {
            if (index >= 0 && !taken[index])
            {
                taken[index] = true;
                result[count++] = stored[index];
            }
        }
    }

    private bool IsMovedLast(string name) => leLast && name == Le;

    private static int IndexOf(IReadOnlyList<KeyValuePair<string, string>> pairs, string name)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            if (string.Equals(pairs[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
