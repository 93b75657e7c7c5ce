using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A gauge series. <c>MostRecent</c>: one shared value; since the last flush the series either holds a pending
/// absolute value (a set, with any later increments folded in) or a pending delta (increments only).
/// Per-instance modes: this instance's own value, which only this instance writes, so the series keeps the
/// absolute value and sends it whole (a set) whenever it changed: a resend can never count twice.
/// </summary>
/// <param name="labelsJson">The series' labels JSON.</param>
/// <param name="perInstance">True for every mode but <see cref="GaugeMode.MostRecent"/>.</param>
internal sealed class GaugeSeries(string labelsJson, bool perInstance) : MetricSeries, IGaugeSeries
{
    private readonly Lock gate = new();
    private readonly string field = Subkey.Compose(string.Empty, labelsJson);
    private double pending;
    private PendingKind kind;

    private enum PendingKind
    {
        None,
        Delta,
        Value,
    }

    /// <inheritdoc />
    public void Set(double value)
    {
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

        lock (gate)
        {
            if (kind == PendingKind.None)
            {
                kind = perInstance ? PendingKind.Value : PendingKind.Delta;
            }

            pending += increment;
        }
    }

    /// <inheritdoc />
    public void Dec(double decrement = 1) => Inc(-decrement);

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        PendingKind taken;
        double value;
        lock (gate)
        {
            (taken, value) = (kind, pending);
            kind = PendingKind.None;
            if (!perInstance)
            {
                pending = 0;
            }
        }

        if (taken == PendingKind.None && Announced)
        {
            return;
        }

        writes.Add(new SampleWrite(field, taken == PendingKind.Value || perInstance ? WriteKind.Set : WriteKind.Add, value));
        Announced = true;
    }

    /// <inheritdoc />
    public override void Reannounce()
    {
        if (!perInstance)
        {
            return;
        }

        lock (gate)
        {
            kind = PendingKind.Value;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double amount) =>
        throw new ArgumentOutOfRangeException(nameof(amount), amount, "A gauge increment or decrement must be finite.");
}
