namespace Prometheus.Distributed.Exposition;

/// <summary>Compares label sets in order for equality: a collector adds each label set once.</summary>
internal sealed class LabelSetComparer : IEqualityComparer<KeyValuePair<string, string>[]>
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
}
