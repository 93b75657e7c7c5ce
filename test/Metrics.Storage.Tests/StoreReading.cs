using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Tests;

/// <summary>Reads a store's fields as a flat map for assertions.</summary>
internal static class StoreReading
{
    /// <summary>Every stored field as <c>family|subkey</c> → value.</summary>
    public static async Task<Dictionary<string, double>> ReadFieldsAsync(this IMetricStore store)
    {
        var families = await store.ReadAsync(TestContext.Current.CancellationToken);
        return families
            .SelectMany(f => f.Samples.Select(s => (Key: f.Name + "|" + s.Subkey, s.Value)))
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    /// <summary>One stored field's value, or null.</summary>
    public static async Task<double?> ReadFieldAsync(this IMetricStore store, string family, string subkey)
    {
        var fields = await store.ReadFieldsAsync();
        return fields.TryGetValue(family + "|" + subkey, out var value) ? value : null;
    }
}
