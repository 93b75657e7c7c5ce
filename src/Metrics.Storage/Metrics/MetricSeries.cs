using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// One series' in-process cells. The hot path updates them lock-free; the flusher takes the merged deltas.
/// </summary>
internal abstract class MetricSeries : IMetricSeries
{
    private bool announced;
    private bool removed;
    private List<string>? removedFields;

    /// <summary>When the series was (re)created, in unix seconds: its <c>_created</c> value.</summary>
    protected double CreatedUnixSeconds { get; private set; } = UnixSecondsNow();

    /// <summary>
    /// True once the series' fields were sent at least once, so the store knows it even at zero.
    /// Read and written only by the flusher, which collects one batch at a time, and by a removal under the family's
    /// removal lock, which the flusher holds while it collects.
    /// </summary>
    protected bool Announced
    {
        get => announced;
        set
        {
            announced = value;
            removed &= !value;
        }
    }

    /// <summary>
    /// True when a collection sends only what changed: the series was announced, or it was removed and nothing wrote
    /// it since (a removed series must not come back at zero by itself).
    /// </summary>
    protected bool SendsChangesOnly => announced || removed;

    /// <summary>The family whose removal lock orders this series' removal against the flusher's collection.</summary>
    internal MetricFamily? Family { get; set; }

    /// <inheritdoc />
    public void Remove() =>
        (Family ?? throw new InvalidOperationException("The series belongs to no metric family.")).Remove(this);

    /// <summary>The seed's field name of this series' sample <paramref name="suffix"/> (empty for a gauge's value).</summary>
    protected static string FieldOf(string suffix, string labelsJson) => FieldName.Compose(suffix, labelsJson);

    /// <summary>
    /// The first time the series is sent, appends its <c>_created</c> field (kept if another process wrote it first).
    /// The field is composed here, once, rather than kept by every series from its creation on the caller's thread.
    /// </summary>
    protected void AnnounceCreated(List<SampleWrite> writes, string labelsJson)
    {
        if (!Announced)
        {
            writes.Add(new SampleWrite(FieldOf("_created", labelsJson), WriteKind.SetIfAbsent, CreatedUnixSeconds));
            Announced = true;
        }
    }

    /// <summary>Makes the next collection send this series' value again; nothing for series that send deltas.</summary>
    public virtual void Reannounce()
    {
    }

    /// <summary>Appends the writes that bring the store up to date and resets the cells' deltas.</summary>
    public abstract void Collect(List<SampleWrite> writes);

    /// <summary>
    /// Appends the removal of this series' fields when one is pending, then <see cref="Collect"/>'s writes: the store
    /// removes the series first and applies what was written after the removal on a series that starts from zero.
    /// The caller holds the family's removal lock.
    /// </summary>
    public void CollectAfterRemoval(List<SampleWrite> writes)
    {
        if (removedFields is { } fields)
        {
            foreach (var field in fields)
            {
                writes.Add(new SampleWrite(field, WriteKind.Remove, 0));
            }

            removedFields = null;
        }

        Collect(writes);
    }

    /// <summary>
    /// Drops every change made so far and makes the series start again from zero, unsent until it is written again.
    /// With <paramref name="removeFields"/> the next collection removes the series' fields from the store first.
    /// The caller holds the family's removal lock.
    /// </summary>
    public void Reset(bool removeFields)
    {
        // A collection of an unannounced series takes every pending change and names every field of the series.
        var taken = new List<SampleWrite>();
        Announced = false;
        Collect(taken);
        if (removeFields)
        {
            removedFields ??= [];
            foreach (var field in taken.Select(w => w.Subkey).Concat(SentFields()))
            {
                if (!removedFields.Contains(field, StringComparer.Ordinal))
                {
                    removedFields.Add(field);
                }
            }
        }
        else
        {
            removedFields = null;
        }

        Forget();
        if (removeFields)
        {
            QueueStoredRemoval();
        }

        announced = false;
        removed = true;
        CreatedUnixSeconds = UnixSecondsNow();
    }

    /// <summary>Fields the series sent before that a collection would not name again (an info's earlier information).</summary>
    protected virtual IEnumerable<string> SentFields() => [];

    /// <summary>Forgets values the series keeps beyond its deltas (a per-instance gauge's value), so it starts at zero.</summary>
    protected virtual void Forget()
    {
    }

    /// <summary>
    /// Queues the removal of what the series stores beside its fields (a native histogram's native part), sent with the
    /// fields' removal; called after <see cref="Forget"/> when the series is removed, not when its family is cleared.
    /// </summary>
    protected virtual void QueueStoredRemoval()
    {
    }

    private static double UnixSecondsNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
