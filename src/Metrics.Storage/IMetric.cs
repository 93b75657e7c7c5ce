namespace Prometheus.Distributed;

/// <summary>A declared metric: what every metric type can do besides selecting series.</summary>
public interface IMetric
{
    /// <summary>
    /// Removes every series of the metric from the store with the next flush, also series that only other processes
    /// wrote, so no instance serves them any more. Changes made before are dropped; later writes (from this or any
    /// other process) recreate their series from zero. Waits only for a flush that is collecting this metric's changes,
    /// never for the store.
    /// </summary>
    void Clear();
}
