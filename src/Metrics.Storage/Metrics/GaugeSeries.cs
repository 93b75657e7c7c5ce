using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A gauge series: <see cref="MostRecentGaugeSeries"/> for the one shared value of <see cref="GaugeMode.MostRecent"/>,
/// <see cref="InstanceGaugeSeries"/> for this instance's own value in every other mode.
/// </summary>
/// <param name="labelsJson">The series' labels JSON.</param>
internal abstract class GaugeSeries(string labelsJson) : MetricSeries, IGaugeSeries
{
    /// <summary>A change mark's value: nothing to send since the last collection.</summary>
    protected const int Unchanged = 0;

    /// <summary>A change mark's value: the series has something to send.</summary>
    protected const int Changed = 1;

    /// <summary>The series' field: the empty suffix and its labels.</summary>
    protected string Field { get; } = FieldOf(string.Empty, labelsJson);

    /// <summary>The series of a gauge declared per instance (<paramref name="perInstance"/>) or most recent.</summary>
    public static GaugeSeries Create(string labelsJson, bool perInstance) =>
        perInstance ? new InstanceGaugeSeries(labelsJson) : new MostRecentGaugeSeries(labelsJson);

    /// <inheritdoc />
    public abstract void Set(double value);

    /// <inheritdoc />
    public void Inc(double increment = 1)
    {
        if (!double.IsFinite(increment))
        {
            ThrowNotFinite(increment);
        }

        Add(increment);
    }

    /// <inheritdoc />
    public void Dec(double decrement = 1) => Inc(-decrement);

    /// <summary>Adds a finite <paramref name="amount"/>.</summary>
    protected abstract void Add(double amount);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double amount) =>
        throw new ArgumentOutOfRangeException(nameof(amount), amount, "A gauge increment or decrement must be finite.");
}
