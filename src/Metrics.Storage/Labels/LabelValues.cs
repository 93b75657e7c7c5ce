namespace Prometheus.Distributed.Labels;

/// <summary>The label values of one series, in declaration order: the key of a family's series map.</summary>
internal sealed class LabelValues(string[] values)
{
    /// <summary>The values.</summary>
    public string[] Values { get; } = values;
}
