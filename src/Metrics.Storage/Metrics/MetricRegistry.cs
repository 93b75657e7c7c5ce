using System.Collections.Concurrent;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>The families this process declared, by family name.</summary>
/// <param name="expiries">Per-metric expiry overrides by declared metric name (<c>MetricExpiry</c>); empty by default.</param>
internal sealed class MetricRegistry(IReadOnlyDictionary<string, TimeSpan>? expiries = null) : IFlushSource
{
    private readonly ConcurrentDictionary<string, MetricFamily> families = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Action> refreshers = new();

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

    /// <inheritdoc />
    public void Reannounce()
    {
        foreach (var family in families.Values)
        {
            family.Reannounce();
        }
    }

    /// <summary>
    /// Adds an update that runs before each collection (under the flusher's gate, never on the hot path), e.g. reading
    /// the process's figures into gauges. It must not throw.
    /// </summary>
    public void AddRefresher(Action refresh) => refreshers.Enqueue(refresh);

    /// <summary>Runs the refreshers first, then appends the changes of every family that changed (see <see cref="IFlushSource.Collect"/>).</summary>
    public int Collect(List<FamilyWrite> writes)
    {
        foreach (var refresh in refreshers)
        {
            refresh();
        }

        var series = 0;
        foreach (var family in families.Values)
        {
            series += family.Collect(writes);
        }

        return series;
    }
}
