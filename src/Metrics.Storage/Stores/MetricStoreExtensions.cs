namespace Prometheus.Distributed.Stores;

/// <summary>Reads of a whole store at once.</summary>
internal static class MetricStoreExtensions
{
    /// <summary>Reads every family under the store's prefix or file into a list (<see cref="IMetricStore.ReadFamiliesAsync"/>).</summary>
    public static async Task<IReadOnlyList<StoredFamily>> ReadAsync(this IMetricStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var families = new List<StoredFamily>();
        await foreach (var family in store.ReadFamiliesAsync(cancellationToken).ConfigureAwait(false))
        {
            families.Add(family);
        }

        return families;
    }
}
