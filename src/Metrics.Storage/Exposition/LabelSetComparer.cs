namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Compares label sets already in output order: equality for grouping samples into series, and the series order
/// (label values first, ordinal; then names; then length).
/// </summary>
internal sealed class LabelSetComparer :
    IEqualityComparer<KeyValuePair<string, string>[]>,
    IComparer<KeyValuePair<string, string>[]>
{
    /// <summary>The one instance.</summary>
    public static readonly LabelSetComparer Instance = new();

    private LabelSetComparer()
    {
    }

    /// <inheritdoc />
    public bool Equals(KeyValuePair<string, string>[]? x, KeyValuePair<string, string>[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!string.Equals(x[i].Key, y[i].Key, StringComparison.Ordinal)
                || !string.Equals(x[i].Value, y[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(KeyValuePair<string, string>[] obj)
    {
        var hash = default(HashCode);
        foreach (var pair in obj)
        {
            hash.Add(pair.Key, StringComparer.Ordinal);
            hash.Add(pair.Value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public int Compare(KeyValuePair<string, string>[]? x, KeyValuePair<string, string>[]? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var common = Math.Min(x.Length, y.Length);
        for (var i = 0; i < common; i++)
        {
            var order = string.CompareOrdinal(x[i].Value, y[i].Value);
            if (order != 0)
            {
                return order;
            }
        }

        for (var i = 0; i < common; i++)
        {
            var order = string.CompareOrdinal(x[i].Key, y[i].Key);
            if (order != 0)
            {
                return order;
            }
        }

        return x.Length.CompareTo(y.Length);
    }
}
