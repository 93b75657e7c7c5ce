using Prometheus.Distributed.Collectors;

namespace Prometheus.Distributed;

/// <summary>
/// Where a <see cref="IMetricsCollector"/> adds its families during one scrape. Each <c>Add…</c> validates the name,
/// help and label names (an <see cref="ArgumentException"/> naming the rule) and returns a builder to add series to.
/// A family name may be added once per collector. Safe to call from several threads; each builder is not.
/// </summary>
public sealed class CollectorSink
{
    private readonly List<CollectedFamily> families = [];
    private readonly Lock gate = new();
    private readonly NameValidation validation;

    internal CollectorSink(NameValidation validation = NameValidation.Legacy) => this.validation = validation;

    /// <summary>The families added so far, in order.</summary>
    internal IReadOnlyList<CollectedFamily> Families
    {
        get
        {
            lock (gate)
            {
                return [.. families];
            }
        }
    }

    /// <summary>Adds a counter family; a name ending in <c>_total</c> is taken without it.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series.</param>
    /// <returns>The family, to add series to.</returns>
    public CounterFamily AddCounter(string name, string help, params string[] labelNames) =>
        Add(new CounterFamily(name, help, labelNames, validation), f => f.Family);

    /// <summary>Adds a gauge family.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series.</param>
    /// <returns>The family, to add series to.</returns>
    public GaugeFamily AddGauge(string name, string help, params string[] labelNames) =>
        Add(new GaugeFamily(name, help, labelNames, validation), f => f.Family);

    /// <summary>Adds a histogram family (label <c>le</c> is reserved).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series.</param>
    /// <returns>The family, to add series to.</returns>
    public HistogramFamily AddHistogram(string name, string help, params string[] labelNames) =>
        Add(new HistogramFamily(name, help, labelNames, validation), f => f.Family);

    /// <summary>Adds a summary family (label <c>quantile</c> is reserved).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series.</param>
    /// <returns>The family, to add series to.</returns>
    public SummaryFamily AddSummary(string name, string help, params string[] labelNames) =>
        Add(new SummaryFamily(name, help, labelNames, validation), f => f.Family);

    /// <summary>Adds an info family; a name ending in <c>_info</c> is taken without it.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series (besides the information labels).</param>
    /// <returns>The family, to add series to.</returns>
    public InfoFamily AddInfo(string name, string help, params string[] labelNames) =>
        Add(new InfoFamily(name, help, labelNames, validation), f => f.Family);

    /// <summary>Adds a state set family; its name is also the state label's name.</summary>
    /// <param name="name">The metric name, also a valid label name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series (besides the state label).</param>
    /// <returns>The family, to add series to.</returns>
    public StateSetFamily AddStateSet(string name, string help, params string[] labelNames) =>
        Add(new StateSetFamily(name, help, labelNames, validation), f => f.Family);

    /// <summary>Adds a gauge histogram family (label <c>le</c> is reserved).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names of its series.</param>
    /// <returns>The family, to add series to.</returns>
    public GaugeHistogramFamily AddGaugeHistogram(string name, string help, params string[] labelNames) =>
        Add(new GaugeHistogramFamily(name, help, labelNames, validation), f => f.Family);

    private TBuilder Add<TBuilder>(TBuilder builder, Func<TBuilder, CollectedFamily> family)
    {
        var added = family(builder);
        lock (gate)
        {
            if (families.Exists(f => f.ClaimedNames.Intersect(added.ClaimedNames, StringComparer.Ordinal).Any()))
            {
                throw new InvalidOperationException(
                    $"Family '{added.Name}' was added twice, or its sample names clash with a family added before.");
            }

            families.Add(added);
        }

        return builder;
    }
}
