using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A gauge series in a per-instance mode (every <see cref="GaugeMode"/> but <c>MostRecent</c>): this instance's own
/// value, which only this instance writes. The series keeps the absolute value lock-free (a compare-and-swap per
/// increment) and sends it whole (a set) whenever it changed, so a resend can never count twice.
/// </summary>
/// <param name="labelsJson">The series' labels JSON.</param>
internal sealed class InstanceGaugeSeries(string labelsJson) : GaugeSeries(labelsJson)
{
    private DoubleCell value;
    private int state;

    /// <inheritdoc />
    public override void Set(double value)
    {
        this.value.Set(value);
        Volatile.Write(ref state, Changed);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        // The change mark is cleared before the value is read: a change racing with this collection is either in the
        // value sent now or marks the series again for the next one.
        if (Interlocked.Exchange(ref state, Unchanged) == Unchanged && SendsChangesOnly)
        {
            return;
        }

        writes.Add(new SampleWrite(Field, WriteKind.Set, value.Read()));
        Announced = true;
    }

    /// <inheritdoc />
    public override void Reannounce() => Volatile.Write(ref state, Changed);

    /// <inheritdoc />
    protected override void Forget() => value.Set(0);

    /// <inheritdoc />
    protected override void Add(double amount)
    {
        value.Add(amount);
        Volatile.Write(ref state, Changed);
    }
}
