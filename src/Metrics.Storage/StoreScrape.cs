using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;

namespace Prometheus.Distributed;

/// <summary>
/// One read of the store for a scrape: the instances' heartbeats, then every family, one at a time, combined across
/// instances (<see cref="InstanceAggregator"/>), checked and built (<see cref="ExpositionSnapshotBuilder"/>) and handed
/// to the caller as soon as it is built, which may write it and release its table before the next family is read.
/// </summary>
internal static class StoreScrape
{
    /// <summary>
    /// Reads <paramref name="store"/>, calling <paramref name="built"/> with the families of each stored family in the
    /// order the store gives them, and returns them all in output order (by stored family name; their tables as
    /// <paramref name="built"/> left them), without those whose sample names an earlier or declared family claims
    /// (<see cref="SampleNameClaims.KeepFirst"/>), with everything the read left out.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="instanceTimeout">How old a heartbeat may be for its instance to be live.</param>
    /// <param name="liveInstances">True to add the self-metric counting live instances.</param>
    /// <param name="built">Called with each stored family's families (none, one, or one per suffix of an unknown family).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ExpositionSnapshot> ReadAsync(
        IMetricStore store,
        TimeSpan instanceTimeout,
        bool liveInstances,
        Action<IReadOnlyList<FamilySnapshot>> built,
        CancellationToken cancellationToken)
    {
        // Before the families: a per-instance gauge needs to know which instances are live.
        var live = InstanceAggregator.Live(await store.ReadInstancesAsync(cancellationToken).ConfigureAwait(false), instanceTimeout);
        var skipped = new SkippedEntries();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var read = new List<(string Name, List<FamilySnapshot> Families)>();
        if (liveInstances)
        {
            Add(InstanceAggregator.LiveInstances(live.Count));
        }

        await foreach (var family in store.ReadFamiliesAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Add(InstanceAggregator.Aggregate(family, live));
            }
            finally
            {
                family.ReleaseSamples();
            }
        }

        // Stable: the families of one stored family keep their order.
        var ordered = read.OrderBy(static r => r.Name, StringComparer.Ordinal).SelectMany(static r => r.Families).ToList();
        return new ExpositionSnapshot(SampleNameClaims.KeepFirst(ordered, skipped), skipped);

        void Add(StoredFamily family)
        {
            var families = ExpositionSnapshotBuilder.BuildFamily(family, skipped, now);
            built(families);
            read.Add((family.Name, families));
        }
    }
}
