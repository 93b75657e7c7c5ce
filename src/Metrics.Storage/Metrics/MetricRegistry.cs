using System.Collections.Concurrent;
using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Metrics;

/// <summary>The families this process declared, by family name.</summary>
/// <param name="expiries">Per-metric expiry overrides by declared metric name (<c>MetricExpiry</c>); empty by default.</param>
internal sealed class MetricRegistry(IReadOnlyDictionary<string, TimeSpan>? expiries = null)
{
    private readonly ConcurrentDictionary<string, MetricFamily> families = new(StringComparer.Ordinal);

    /// <summary>Every declared family.</summary>
    public ICollection<MetricFamily> Families => families.Values;

    /// <summary>
    /// Returns the family declared under <paramref name="metadata"/>'s name, creating it on first declaration.
    /// Throws when the name is already declared with another type, label names or buckets.
    /// </summary>
    public TFamily GetOrAdd<TFamily>(MetricMetadata metadata, Func<MetricMetadata, TFamily> create)
        where TFamily : MetricFamily
    {
        var family = families.GetOrAdd(metadata.Name, static (_, state) => state.registry.WithExpiry(state.create(state.metadata)), (create, metadata, registry: this));
        if (family is TFamily typed && family.Metadata.IsCompatibleWith(metadata))
        {
            return typed;
        }

        throw new InvalidOperationException(
            $"Metric '{metadata.Name}' is already declared as {family.Metadata.Describe()}; it cannot be re-declared as {metadata.Describe()}.");
    }

    /// <summary>Gives a new family its expiry override, looked up by the name it was declared with.</summary>
    private MetricFamily WithExpiry(MetricFamily family)
    {
        if (expiries is { Count: > 0 })
        {
            var metadata = family.Metadata;
            var declared = metadata.Type switch
            {
                MetricType.Counter => metadata.Name + "_total",
                MetricType.Info => metadata.Name + "_info",
                _ => metadata.Name,
            };
            family.Expiry = expiries.TryGetValue(declared, out var expiry) || expiries.TryGetValue(metadata.Name, out expiry) ? expiry : null;
        }

        return family;
    }

    /// <summary>
    /// Marks every per-instance gauge series changed, so the next collection sends its value again: called when the
    /// store no longer knew this instance (it was judged dead and its values were removed).
    /// </summary>
    public void Reannounce()
    {
        foreach (var family in families.Values)
        {
            family.Reannounce();
        }
    }

    /// <summary>
    /// Appends the changes of every family that changed since the last collection; returns how many series changed.
    /// </summary>
    public int Collect(List<FamilyWrite> writes)
    {
        var series = 0;
        foreach (var family in families.Values)
        {
            series += family.Collect(writes);
        }

        return series;
    }
}
