namespace Prometheus.Distributed;

/// <summary>One series of a metric: what every series type can do besides recording values.</summary>
public interface IMetricSeries
{
    /// <summary>
    /// Removes the series from the store with the next flush, so no instance serves it any more. Changes made to it
    /// before are dropped; a later write (from this or any other process) recreates it from zero. The series object
    /// stays usable. Waits only for a flush that is collecting this metric's changes, never for the store.
    /// </summary>
    void Remove();
}
