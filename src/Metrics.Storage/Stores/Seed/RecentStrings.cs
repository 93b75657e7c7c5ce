namespace Prometheus.Distributed.Stores.Seed;

/// <summary>
/// Turns label name and value texts into strings, handing out the same string for a text seen recently: families
/// repeat their names and low-cardinality values (<c>GET</c>, <c>200</c>) in every series. A fixed table of the last
/// string per hash slot, one per read (shared by every family), so many distinct values (paths, ids) cost no growing
/// table, only their strings.
/// </summary>
internal sealed class RecentStrings
{
    // 4096 references: 32 KB, below the large object heap, whatever the family's size.
    private const int Slots = 4096;

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>A string equal to <paramref name="text"/>, the cached one when its slot holds it.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        var slot = string.GetHashCode(text, StringComparison.Ordinal) & (Slots - 1);
        var cached = _slots[slot];
        if (cached is not null && text.SequenceEqual(cached))
        {
            return cached;
        }

        var created = text.ToString();
        _slots[slot] = created;
        return created;
    }
}
