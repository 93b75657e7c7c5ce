using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// One series' in-process cells. The hot path updates them lock-free; the flusher takes the merged deltas.
/// </summary>
internal abstract class MetricSeries
{
    /// <summary>When the series was created, in unix seconds: its <c>_created</c> value.</summary>
    protected double CreatedUnixSeconds { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>
    /// True once the series' fields were sent at least once, so the store knows it even at zero.
    /// Read and written only by the flusher, which collects one batch at a time.
    /// </summary>
    protected bool Announced { get; set; }

    /// <summary>
    /// The first time the series is sent, appends its <c>_created</c> field (kept if another process wrote it first).
    /// The field is composed here, once, rather than kept by every series from its creation on the caller's thread.
    /// </summary>
    protected void AnnounceCreated(List<SampleWrite> writes, string labelsJson)
    {
        if (!Announced)
        {
            writes.Add(new SampleWrite(Subkey.Compose("_created", labelsJson), WriteKind.SetIfAbsent, CreatedUnixSeconds));
            Announced = true;
        }
    }

    /// <summary>Makes the next collection send this series' value again; nothing for series that send deltas.</summary>
    public virtual void Reannounce()
    {
    }

    /// <summary>Appends the writes that bring the store up to date and resets the cells' deltas.</summary>
    public abstract void Collect(List<SampleWrite> writes);
}
