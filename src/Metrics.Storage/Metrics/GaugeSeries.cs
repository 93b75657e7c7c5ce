using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A <c>MostRecent</c> gauge series: one shared value. Since the last flush it either holds a pending
/// absolute value (a set, with any later increments folded in) or a pending delta (increments only).
/// </summary>
internal sealed class GaugeSeries(string labelsJson) : MetricSeries, IGaugeSeries
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
        PendingKind taken;
        double value;
        lock (gate)
        {
            (taken, value) = (kind, pending);
            (kind, pending) = (PendingKind.None, 0);
        }

        if (taken == PendingKind.None && Announced)
        {
            return;
        }

        writes.Add(new SampleWrite(field, taken == PendingKind.Value ? WriteKind.Set : WriteKind.Add, value));
        Announced = true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double amount) =>
        throw new ArgumentOutOfRangeException(nameof(amount), amount, "A gauge increment or decrement must be finite.");
}
