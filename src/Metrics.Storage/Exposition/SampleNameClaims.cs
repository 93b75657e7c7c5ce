namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Keeps two families from writing the same sample name (a counter <c>a</c> writes <c>a_total</c>, which a gauge stored
/// as <c>a_total</c> would write too): a scraper would read one family's samples as the other's, or as duplicates.
/// </summary>
internal static class SampleNameClaims
{
    /// <summary>
    /// Which families to write when written under <paramref name="names"/>: those <paramref name="preferred"/> selects
    /// claim their sample names first, in order, then the others; a family one of whose sample names is already claimed
    /// is left out.
    /// </summary>
    public static bool[] Keep(IReadOnlyList<FamilySnapshot> families, IReadOnlyList<string> names, Func<int, bool> preferred)
    {
        var keep = new bool[families.Count];
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var first in (bool[])[true, false])
        {
            for (var i = 0; i < families.Count; i++)
            {
                if (preferred(i) != first)
                {
                    continue;
                }

                var wanted = FamilyShape.ClaimedNames(names[i], families[i].Type);
                if (!wanted.Any(claimed.Contains))
                {
                    claimed.UnionWith(wanted);
                    keep[i] = true;
                }
            }
        }

        return keep;
    }

    /// <summary>
    /// The families of a read without those whose sample names a declared family (one with help, from stored metadata)
    /// or an earlier family claims; each left out is counted as <see cref="SkipReason.NameClash"/>.
    /// </summary>
    public static IReadOnlyList<FamilySnapshot> KeepFirst(List<FamilySnapshot> families, SkippedEntries skipped)
    {
        var keep = Keep(families, [.. families.Select(static f => f.Name)], i => families[i].Help is not null);
        if (keep.All(static k => k))
        {
            return families;
        }

        var kept = new List<FamilySnapshot>(families.Count);
        for (var i = 0; i < families.Count; i++)
        {
            if (keep[i])
            {
                kept.Add(families[i]);
            }
            else
            {
                skipped.Add(families[i].Name, SkipReason.NameClash, families[i].SampleCount);
            }
        }

        return kept;
    }
}
