using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A <see cref="GaugeMode.MostRecent"/> gauge series: one value shared by every instance. Increments add into a running
/// total that is never reset (a compare-and-swap each). A set costs no atomic instruction: it records the value and the
/// running total at that moment, then marks the series. A collection sends, when the series was set since the last
/// one, the value set plus the increments after it (a set); otherwise the increments since the last collection (an add).
/// </summary>
/// <remarks>
/// A set racing with a collection, or with another set, can pair one set's value with another's running total; the
/// racing set marks the series again, so the next collection sends the value whole.
/// </remarks>
/// <param name="labelsJson">The series' labels JSON.</param>
internal sealed class MostRecentGaugeSeries(string labelsJson) : GaugeSeries(labelsJson)
{
    private DoubleCell incrementTotal;
    private DoubleCell setValue;
    private DoubleCell incrementTotalAtSet;
    private int setMark;
    private int addMark;

    /// <summary>The running total the last collection sent up to. Read and written only by the flusher.</summary>
    private double collectedTotal;

    /// <inheritdoc />
    public override void Set(double value)
    {
        incrementTotalAtSet.Set(incrementTotal.Read());
        setValue.Set(value);
        Volatile.Write(ref setMark, Changed);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        // The marks are cleared before the cells are read: an update racing with this collection is either in what is
        // sent now or marks the series again for the next one.
        var wasSet = Interlocked.Exchange(ref setMark, Unchanged) == Changed;
        var wasIncremented = Interlocked.Exchange(ref addMark, Unchanged) == Changed;
        var value = setValue.Read();
        var totalAtSet = incrementTotalAtSet.Read();
        var total = incrementTotal.Read();
        var sinceCollected = total - collectedTotal;
        collectedTotal = total;
        if (wasSet)
        {
            writes.Add(new SampleWrite(Field, WriteKind.Set, value + (total - totalAtSet)));
        }
        else if (wasIncremented || !SendsChangesOnly)
        {
            writes.Add(new SampleWrite(Field, WriteKind.Add, sinceCollected));
        }
        else
        {
            return;
        }

        Announced = true;
    }

    /// <inheritdoc />
    protected override void Add(double amount)
    {
        incrementTotal.Add(amount);
        Volatile.Write(ref addMark, Changed);
    }
}
