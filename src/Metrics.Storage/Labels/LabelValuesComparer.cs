namespace Prometheus.Distributed.Labels;

/// <summary>
/// Compares label value sets, and lets a lookup by <see cref="ReadOnlySpan{T}"/> find an existing series
/// without allocating.
/// </summary>
internal sealed class LabelValuesComparer :
    IEqualityComparer<LabelValues>,
    IAlternateEqualityComparer<ReadOnlySpan<string>, LabelValues>
{
    /// <summary>The one instance.</summary>
    public static LabelValuesComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(LabelValues? x, LabelValues? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals(y.Values.AsSpan(), x));

    /// <inheritdoc />
    public int GetHashCode(LabelValues obj) => GetHashCode(obj.Values.AsSpan());

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<string> alternate, LabelValues other)
    {
        var values = other.Values;
        if (alternate.Length != values.Length)
        {
            return false;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!string.Equals(alternate[i], values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<string> alternate)
    {
        var hash = new HashCode();
        foreach (var value in alternate)
        {
            hash.Add(value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal));
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public LabelValues Create(ReadOnlySpan<string> alternate) => new(alternate.ToArray());
}
