using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed;

/// <summary>
/// A state set family a collector reports (e.g. a circuit breaker: closed, open, half-open): per series one sample
/// per state, <c>{name}{labels,{name}="state"} 1</c> for the states that hold and <c>0</c> for the others. The family
/// name is also the state label's name, so it must be a valid label name (no colons).
/// </summary>
public sealed class StateSetFamily
{
    internal StateSetFamily(string name, string help, string[] labelNames, NameValidation validation)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        Family = new CollectedFamily(validation, MetricType.StateSet, name, help, labelNames);
        NameRules.ValidateLabelNames(validation, name, [.. labelNames, name]);
    }

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series: one sample per state, in the order given.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="states">Each state and whether it holds, e.g. <c>{ ["open"] = true, ["closed"] = false }</c>.</param>
    /// <param name="timestamp">When the states were read; null lets the scraper use the scrape time.</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values.</exception>
    public StateSetFamily Add(IReadOnlyList<string> labelValues, IReadOnlyDictionary<string, bool> states, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        NameRules.ValidateLabelValues(Family.Name, [.. states.Keys.Select(_ => Family.Name)], [.. states.Keys]);
        var extras = CollectedFamily.Extras(timestamp);
        foreach (var (state, holds) in states)
        {
            Family.Add(
                Family.Labels(labelValues, new KeyValuePair<string, string>(Family.Name, state)),
                new SampleSnapshot(string.Empty, null, holds ? 1 : 0, extras));
        }

        return this;
    }
}
