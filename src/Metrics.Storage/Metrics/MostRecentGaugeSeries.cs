using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A <see cref="GaugeMode.MostRecent"/> gauge series: one value shared by every instance. Since the last flush the
/// series holds either a pending absolute value (a set, with any later increments folded in), sent as a set, or a
/// pending delta (increments only), sent as an add. The two change together under a short lock.
/// </summary>
/// <param name="labelsJson">The series' labels JSON.</param>
internal sealed class MostRecentGaugeSeries(string labelsJson) : GaugeSeries(labelsJson)
{
    private readonly Lock gate = new();
    private double pending;
    private PendingKind kind;

    private enum PendingKind
    {
        None,
        Delta,
        Value,
    }

    /// <inheritdoc />
    public override void Set(double value)
    {
        lock (gate)
        {
            kind = PendingKind.Value;
            pending = value;
        }
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        PendingKind taken;
        double value;
        lock (gate)
        {
            (taken, value) = (kind, pending);
            kind = PendingKind.None;
            pending = 0;
        }

        if (taken == PendingKind.None && SendsChangesOnly)
        {
            return;
        }

        writes.Add(new SampleWrite(Field, taken == PendingKind.Value ? WriteKind.Set : WriteKind.Add, value));
        Announced = true;
    }

    /// <inheritdoc />
    protected override void Add(double amount)
    {
        lock (gate)
        {
            if (kind == PendingKind.None)
            {
                kind = PendingKind.Delta;
            }

            pending += amount;
        }
    }
}
