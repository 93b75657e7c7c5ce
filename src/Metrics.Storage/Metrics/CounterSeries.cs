using System.Runtime.CompilerServices;
using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A counter series: the increments since the last flush. Increments by one, the common case, are counted as
/// an integer in a cell of the incrementing thread's own (a plain add, no atomic instruction, no contention); other
/// amounts go to a double cell. An increment inside a sampled activity may leave an exemplar on <c>_total</c>.
/// </summary>
internal sealed class CounterSeries : MetricSeries, ICounterSeries
{
    private readonly string totalField;
    private readonly string labelsJson;
    private PerThreadCount ones = new();
    private DoubleCell pending;
    private ExemplarSlot exemplar;

    /// <summary>Creates the series; <paramref name="exemplars"/> false never captures an exemplar.</summary>
    public CounterSeries(string labelsJson, bool exemplars)
    {
        totalField = FieldOf("_total", labelsJson);
        this.labelsJson = labelsJson;
        if (!exemplars)
        {
            exemplar.Disable();
        }
    }

    /// <inheritdoc />
    public void Inc(double increment = 1)
    {
        if (increment == 1)
        {
            ones.Increment();
            exemplar.Offer(1);
            return;
        }

        Add(increment);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        var taken = exemplar.Take();
        var delta = ones.Take() + pending.Take();
        if (delta == 0 && SendsChangesOnly && taken is null)
        {
            return;
        }

        writes.Add(new SampleWrite(totalField, WriteKind.Add, delta, taken));
        AnnounceCreated(writes, labelsJson);
    }

    /// <summary>An increment other than one, kept out of line so the common case stays a few instructions.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Add(double increment)
    {
        if (!(increment >= 0 && double.IsFinite(increment)))
        {
            ThrowInvalidIncrement(increment);
        }

        pending.Add(increment);
        exemplar.Offer(increment);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidIncrement(double increment) =>
        throw new ArgumentOutOfRangeException(
            nameof(increment), increment, "A counter increment must be finite and not negative.");
}
