using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A state set series: whether each state holds, as this process last set it. A collection after a change sends every
/// state's value (a set each), so the store replaces the whole series in one batch; before any change the first
/// collection adds 0 to each state, creating the fields without touching what another process stored.
/// </summary>
/// <param name="states">The declared states.</param>
/// <param name="fields">Each state's field, in the order of <paramref name="states"/>.</param>
internal sealed class StateSetSeries(DeclaredStates states, string[] fields) : MetricSeries, IStateSetSeries
{
    private readonly Lock gate = new();
    private readonly bool[] holding = new bool[fields.Length];
    private bool changed;

    /// <inheritdoc />
    public void SetOnly(string state)
    {
        var index = states.IndexOf(state);
        lock (gate)
        {
            Array.Clear(holding);
            holding[index] = true;
            changed = true;
        }
    }

    /// <inheritdoc />
    public void Set(string state, bool holds)
    {
        var index = states.IndexOf(state);
        lock (gate)
        {
            holding[index] = holds;
            changed = true;
        }
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        lock (gate)
        {
            if (!changed && SendsChangesOnly)
            {
                return;
            }

            for (var i = 0; i < fields.Length; i++)
            {
                writes.Add(changed
                    ? new SampleWrite(fields[i], WriteKind.Set, holding[i] ? 1 : 0)
                    : new SampleWrite(fields[i], WriteKind.Add, 0));
            }

            changed = false;
        }

        Announced = true;
    }

    /// <inheritdoc />
    protected override void Forget()
    {
        lock (gate)
        {
            Array.Clear(holding);
        }
    }
}
