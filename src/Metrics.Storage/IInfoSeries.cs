namespace Prometheus.Distributed;

/// <summary>
/// One series of an info metric. Its information is a set of label names and values, shown as one sample
/// <c>{name}_info{declared labels,information labels} 1</c> once set. Stored like a <see cref="GaugeMode.MostRecent"/>
/// gauge: each set writes 1 to that sample at the next flush (the last write wins) and it stays after the process
/// exits. Setting other information replaces it: the same atomic flush writes <c>0</c> to the sample this process
/// wrote before, and the exposition leaves info samples at 0 out. Different information set by several processes is
/// shown side by side (e.g. two versions during a rolling deploy) until each is replaced.
/// </summary>
public interface IInfoSeries : IMetricSeries
{
    /// <summary>
    /// Sets the information, e.g. <c>Set(("version", "1.4.2"), ("commit", "9f2c1e"))</c>. Setting the information this
    /// series holds already allocates nothing.
    /// </summary>
    /// <param name="info">Label names and values; names follow the label name rules and differ from the declared label names.</param>
    /// <exception cref="ArgumentException">A name is invalid, repeated or one of the declared label names, or a value is null or too long.</exception>
    void Set(params ReadOnlySpan<(string Name, string Value)> info);

    /// <summary>Sets the information from a dictionary, e.g. <c>Set(new Dictionary&lt;string, string&gt; { ["version"] = "1.4.2" })</c>.</summary>
    /// <param name="info">Label names and values; names follow the label name rules and differ from the declared label names.</param>
    /// <exception cref="ArgumentException">A name is invalid or one of the declared label names, or a value is null or too long.</exception>
    void Set(IReadOnlyDictionary<string, string> info);
}
