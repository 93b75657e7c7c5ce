using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A counter series: the increments since the last flush. Increments by one, the common case, are counted as
/// an integer (one atomic add, no compare-and-swap loop, striped when threads contend); other amounts go to a
/// double cell.
/// </summary>
internal sealed class CounterSeries(string labelsJson) : MetricSeries, ICounterSeries
{
    private readonly string totalField = Subkey.Compose("_total", labelsJson);
    private readonly string createdField = Subkey.Compose("_created", labelsJson);
    private StripedCount ones;
    private DoubleCell pending;

    /// <inheritdoc />
    public void Inc(double increment = 1)
    {
        if (increment == 1)
        {
            ones.Increment();
            return;
        }

        if (!(increment >= 0 && double.IsFinite(increment)))
        {
            ThrowInvalidIncrement(increment);
        }

        pending.Add(increment);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        var delta = ones.Take() + pending.Take();
        if (delta == 0 && Announced)
        {
            return;
        }

        writes.Add(new SampleWrite(totalField, WriteKind.Add, delta));
        AnnounceCreated(writes, createdField);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidIncrement(double increment) =>
        throw new ArgumentOutOfRangeException(
            nameof(increment), increment, "A counter increment must be finite and not negative.");
}
