using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>Counts what one family's read leaves out into the read's <see cref="SkippedEntries"/>.</summary>
/// <param name="Family">The family (store key).</param>
/// <param name="Entries">The read's tally.</param>
internal readonly record struct FamilySkips(string Family, SkippedEntries Entries)
{
    /// <summary>Counts <paramref name="count"/> entries left out for <paramref name="reason"/>.</summary>
    public void Add(SkipReason reason, long count = 1) => Entries.Add(Family, reason, count);
}
