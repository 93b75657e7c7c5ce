using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared metric family, independent of its series type: what the registry and flusher see.</summary>
internal abstract class MetricFamily(MetricMetadata metadata)
{
    /// <summary>What was declared.</summary>
    public MetricMetadata Metadata { get; } = metadata;

    /// <summary>How long the store keeps the family after its last write, when it differs from the store's expiry (Redis only).</summary>
    public TimeSpan? Expiry { get; set; }

    /// <summary>How many new series were refused because the family reached its series limit.</summary>
    public abstract long DroppedSeries { get; }

    /// <summary>Makes the next collection send every per-instance value again; nothing for other families.</summary>
    public virtual void Reannounce()
    {
    }

    /// <summary>
    /// Removes <paramref name="series"/> from the store with the next flush: its changes so far are dropped, and what is
    /// written to it afterwards is applied after the removal, on a series that starts from zero.
    /// </summary>
    public abstract void Remove(MetricSeries series);

    /// <summary>Appends one <see cref="FamilyWrite"/> when any series changed; returns how many series changed.</summary>
    public abstract int Collect(List<FamilyWrite> families);
}
