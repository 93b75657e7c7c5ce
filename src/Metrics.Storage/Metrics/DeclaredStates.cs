namespace Prometheus.Distributed.Metrics;

/// <summary>A state set's states by name: the lookup behind every change, allocation-free for a declared state.</summary>
/// <param name="metricName">The state set's name, for error messages.</param>
/// <param name="states">The states, validated, in the order samples are written.</param>
internal sealed class DeclaredStates(string metricName, IReadOnlyList<string> states)
{
    private readonly Dictionary<string, int> indexes = states
        .Select((state, index) => (state, index))
        .ToDictionary(s => s.state, s => s.index, StringComparer.Ordinal);

    /// <summary>The states.</summary>
    public IReadOnlyList<string> Names => states;

    /// <summary>The position of <paramref name="state"/>; throws naming it and the declared states when it is not one.</summary>
    public int IndexOf(string state)
    {
        if (state is not null && indexes.TryGetValue(state, out var index))
        {
            return index;
        }

        throw new ArgumentException(
            $"State '{state}' is not a state of state set '{metricName}'; its states are [{string.Join(", ", states)}].",
            nameof(state));
    }
}
