namespace Prometheus.Distributed;

/// <summary>
/// One series of a state set. A change writes every state of the series in the same atomic flush, replacing what any
/// process stored for it (the last change wins, like a <see cref="GaugeMode.MostRecent"/> gauge), so a scrape never
/// sees a mix of two changes. The states stay after the process exits. Until a process changes the series, its states
/// are stored as 0 where nothing was stored yet.
/// </summary>
public interface IStateSetSeries : IMetricSeries
{
    /// <summary>Makes <paramref name="state"/> the one state that holds and every other state not hold (an enum's value).</summary>
    /// <param name="state">One of the declared states.</param>
    /// <exception cref="ArgumentException">The state was not declared.</exception>
    void SetOnly(string state);

    /// <summary>Sets whether <paramref name="state"/> holds, leaving the other states as this process last set them.</summary>
    /// <param name="state">One of the declared states.</param>
    /// <param name="holds">True when the state holds.</param>
    /// <exception cref="ArgumentException">The state was not declared.</exception>
    void Set(string state, bool holds);
}
