using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A gauge series. <c>MostRecent</c>: one shared value; since the last flush the series either holds a pending
/// absolute value (a set, with any later increments folded in) or a pending delta (increments only), both under a
/// lock. Per-instance modes: this instance's own value, which only this instance writes, so the series keeps the
/// absolute value lock-free (a compare-and-swap per increment) and sends it whole (a set) whenever it changed: a
/// resend can never count twice.
/// </summary>
/// <param name="labelsJson">The series' labels JSON.</param>
/// <param name="perInstance">True for every mode but <see cref="GaugeMode.MostRecent"/>.</param>
internal sealed class GaugeSeries(string labelsJson, bool perInstance) : MetricSeries, IGaugeSeries
{
    private const int Unchanged = 0;
    private const int Changed = 1;

    private readonly Lock gate = new();
    private readonly string field = Subkey.Compose(string.Empty, labelsJson);
    private double pending;
    private PendingKind kind;
    private DoubleCell own;
    private int ownState;

    private enum PendingKind
    {
        None,
        Delta,
        Value,
    }

    /// <inheritdoc />
    public void Set(double value)
    {
        if (perInstance)
        {
            own.Set(value);
            Volatile.Write(ref ownState, Changed);
            return;
        }

        lock (gate)
        {
            kind = PendingKind.Value;
            pending = value;
        }
    }

    /// <inheritdoc />
    public void Inc(double increment = 1)
    {
        if (!double.IsFinite(increment))
        {
            ThrowNotFinite(increment);
        }

        if (perInstance)
        {
            own.Add(increment);
            Volatile.Write(ref ownState, Changed);
            return;
        }

        lock (gate)
        {
            if (kind == PendingKind.None)
            {
                kind = PendingKind.Delta;
            }

            pending += increment;
        }
    }

    /// <inheritdoc />
    public void Dec(double decrement = 1) => Inc(-decrement);

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        if (perInstance)
        {
            // The change mark is cleared before the value is read: a change racing with this collection is either
            // in the value sent now or marks the series again for the next one.
            if (Interlocked.Exchange(ref ownState, Unchanged) == Unchanged && Announced)
            {
                return;
            }

            writes.Add(new SampleWrite(field, WriteKind.Set, own.Read()));
            Announced = true;
            return;
        }

        PendingKind taken;
        double value;
        lock (gate)
        {
            (taken, value) = (kind, pending);
            kind = PendingKind.None;
            pending = 0;
        }

        if (taken == PendingKind.None && Announced)
        {
            return;
        }

        writes.Add(new SampleWrite(field, taken == PendingKind.Value ? WriteKind.Set : WriteKind.Add, value));
        Announced = true;
    }

    /// <inheritdoc />
    public override void Reannounce()
    {
        if (perInstance)
        {
            Volatile.Write(ref ownState, Changed);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double amount) =>
        throw new ArgumentOutOfRangeException(nameof(amount), amount, "A gauge increment or decrement must be finite.");
}
