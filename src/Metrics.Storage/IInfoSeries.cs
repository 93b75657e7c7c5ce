namespace Prometheus.Distributed;

/// <summary>
/// One series of an info metric. Its information is a set of label names and values, shown as one sample
/// <c>{name}_info{declared labels,information labels} 1</c> once set. Setting other information replaces it: the next
/// flush writes <c>0</c> to the sample this process wrote before (the exposition leaves info samples at 0 out) and
/// <c>1</c> to the new one, in the same atomic flush. Samples are stored like <see cref="GaugeMode.MostRecent"/>
/// gauges: they stay after the process exits, and information set by several processes is shown side by side
/// (e.g. two versions during a rolling deploy) until one of them replaces it.
/// </summary>
public interface IInfoSeries
{
    /// <summary>
    /// Sets the information, e.g. <c>Set(("version", "1.4.2"), ("commit", "9f2c1e"))</c>. Setting the information
    /// this series holds already does nothing and allocates nothing.
    /// </summary>
    /// <param name="info">Label names and values; names follow the label name rules and differ from the declared label names.</param>
    /// <exception cref="ArgumentException">A name is invalid, repeated or one of the declared label names, or a value is null or too long.</exception>
    void Set(params ReadOnlySpan<(string Name, string Value)> info);

    /// <summary>Sets the information from a dictionary, e.g. <c>Set(new Dictionary&lt;string, string&gt; { ["version"] = "1.4.2" })</c>.</summary>
    /// <param name="info">Label names and values; names follow the label name rules and differ from the declared label names.</param>
    /// <exception cref="ArgumentException">A name is invalid or one of the declared label names, or a value is null or too long.</exception>
    void Set(IReadOnlyDictionary<string, string> info);
}
