namespace Prometheus.Distributed.Exposition;

/// <summary>What one read of the store left out of the exposition, by family and reason.</summary>
internal sealed class SkippedEntries
{
    private readonly Dictionary<(string Family, SkipReason Reason), long> counts;

    /// <summary>Nothing skipped yet.</summary>
    public SkippedEntries()
    {
        counts = [];
    }

    private SkippedEntries(Dictionary<(string Family, SkipReason Reason), long> counts, long total)
    {
        this.counts = new(counts);
        Total = total;
    }

    /// <summary>How many entries were skipped in all.</summary>
    public long Total { get; private set; }

    /// <summary>Each (family, reason) with its count, in no particular order.</summary>
    public IEnumerable<SkippedEntry> Entries => counts.Select(static c => new SkippedEntry(c.Key.Family, c.Key.Reason, c.Value));

    /// <summary>Counts <paramref name="count"/> entries of <paramref name="family"/> skipped for <paramref name="reason"/>.</summary>
    public void Add(string family, SkipReason reason, long count = 1)
    {
        if (count <= 0)
        {
            return;
        }

        counts[(family, reason)] = counts.GetValueOrDefault((family, reason)) + count;
        Total += count;
    }

    /// <summary>How many entries were skipped for <paramref name="reason"/>.</summary>
    public long Count(SkipReason reason) => counts.Where(c => c.Key.Reason == reason).Sum(static c => c.Value);

    /// <summary>A copy to add more to, leaving this one as it is.</summary>
    public SkippedEntries Copy() => new(counts, Total);
}
