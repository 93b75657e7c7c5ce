using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared state set and its series.</summary>
internal sealed class StateSet(MetricMetadata metadata, int maxSeries)
    : MetricFamily<StateSetSeries>(metadata, maxSeries), IStateSet
{
    private readonly DeclaredStates states = new(metadata.Name, metadata.States);

    /// <inheritdoc />
    public void SetOnly(string state) => Unlabelled.SetOnly(state);

    /// <inheritdoc />
    public void Set(string state, bool holds) => Unlabelled.Set(state, holds);

    /// <inheritdoc />
    public IStateSetSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override StateSetSeries CreateSeries(string[] labelValues)
    {
        string[] names = [.. Metadata.LabelNames, Metadata.Name];
        var fields = new string[states.Names.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = FieldName.Compose(string.Empty, LabelJson.Encode(names, [.. labelValues, states.Names[i]]));
        }

        return new StateSetSeries(states, fields);
    }
}
