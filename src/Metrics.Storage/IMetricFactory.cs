namespace Prometheus.Distributed;

/// <summary>
/// Declares metrics. Declaring a name again with the same type, label names and buckets returns the same metric;
/// with anything different it throws.
/// </summary>
public interface IMetricFactory
{
    /// <summary>Declares a counter.</summary>
    /// <param name="name">The metric name; a trailing <c>_total</c> is optional (the exposition adds it).</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, if any.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type or label names.</exception>
    ICounter CreateCounter(string name, string help, params string[] labelNames);

    /// <summary>Declares a <see cref="GaugeMode.MostRecent"/> gauge (one shared value per series; the last set wins).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, if any.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type or label names.</exception>
    IGauge CreateGauge(string name, string help, params string[] labelNames);

    /// <summary>Declares a gauge with an aggregation mode saying how the values of several instances combine.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="mode">How the instances' values combine; see <see cref="GaugeMode"/>.</param>
    /// <param name="labelNames">The label names, if any; <c>instance</c> is reserved in the per-instance modes.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names or mode.</exception>
    IGauge CreateGauge(string name, string help, GaugeMode mode, params string[] labelNames);

    /// <summary>Declares a histogram with the default buckets (0.005 … 10 seconds).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, if any; <c>le</c> is reserved.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names or buckets.</exception>
    IHistogram CreateHistogram(string name, string help, params string[] labelNames);

    /// <summary>Declares a histogram with custom buckets.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="buckets">Finite, strictly increasing upper bounds; a <c>+Inf</c> bucket is always added.</param>
    /// <param name="labelNames">The label names, if any; <c>le</c> is reserved.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules, or the buckets are empty, not finite or not increasing.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names or buckets.</exception>
    IHistogram CreateHistogram(string name, string help, double[] buckets, params string[] labelNames);

    /// <summary>
    /// Declares a histogram with native (exponential) buckets, and classic ones too when
    /// <see cref="NativeHistogramOptions.ClassicBuckets"/> is set. Prometheus reads the native buckets over its protobuf
    /// format (<c>--enable-feature=native-histograms</c>); they add up exactly across processes, at the coarsest schema any
    /// of them wrote.
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="native">The native buckets' schema, bucket limit and zero threshold, and the classic buckets if any.</param>
    /// <param name="labelNames">The label names, if any; <c>le</c> is reserved.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules, or the classic buckets are empty, not finite or not increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The schema is outside -4 to 8, the bucket limit below 1, or the zero threshold negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names or buckets.</exception>
    IHistogram CreateHistogram(string name, string help, NativeHistogramOptions native, params string[] labelNames);

    /// <summary>Declares a summary of count and sum (no quantiles).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, if any; <c>quantile</c> is reserved.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names or quantiles.</exception>
    ISummary CreateSummary(string name, string help, params string[] labelNames);

    /// <summary>
    /// Declares a summary with quantiles over the default window (<see cref="SummaryOptions.DefaultMaxAge"/> in
    /// <see cref="SummaryOptions.DefaultAgeBuckets"/> age buckets): see
    /// <see cref="CreateSummary(string, string, SummaryOptions, string[])"/>.
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="quantiles">The quantiles to serve, e.g. <c>[0.5, 0.9, 0.99]</c>: each greater than 0 and less than 1, distinct.</param>
    /// <param name="labelNames">The label names, if any; <c>quantile</c> is reserved.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules, or the quantiles are empty or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A quantile is not greater than 0 and less than 1.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names, quantiles or window.</exception>
    ISummary CreateSummary(string name, string help, double[] quantiles, params string[] labelNames);

    /// <summary>
    /// Declares a summary with quantiles over a sliding window: besides <c>_count</c> and <c>_sum</c>, it serves
    /// <c>{quantile="0.99"}</c> samples that are the quantiles of every observation of every process writing the series
    /// within <see cref="SummaryOptions.MaxAge"/>, each within 0.55 % (relative) of the exact one. Each series keeps a
    /// sketch of exponential buckets (a native histogram's buckets at schema 6) that add up across processes; the store
    /// keeps one per slot of the window, and a scrape merges the slots in the window.
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="help">The help text.</param>
    /// <param name="options">The quantiles, the window's <see cref="SummaryOptions.MaxAge"/> and its <see cref="SummaryOptions.AgeBuckets"/>.</param>
    /// <param name="labelNames">The label names, if any; <c>quantile</c> is reserved.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules, or the quantiles are empty or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A quantile is not greater than 0 and less than 1, <see cref="SummaryOptions.MaxAge"/> is not positive,
    /// <see cref="SummaryOptions.AgeBuckets"/> is below 1, or an age bucket would be shorter than 1 ms.
    /// </exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names, quantiles or window.</exception>
    ISummary CreateSummary(string name, string help, SummaryOptions options, params string[] labelNames);

    /// <summary>
    /// Declares an info metric (e.g. build information), exposed as <c>{name}_info</c>: an OpenMetrics <c>info</c>, a
    /// gauge in the Prometheus text format. Stored like a <see cref="GaugeMode.MostRecent"/> gauge; see
    /// <see cref="IInfoSeries"/> for what replacing the information does.
    /// </summary>
    /// <param name="name">The metric name; a trailing <c>_info</c> is optional (the exposition adds it).</param>
    /// <param name="help">The help text.</param>
    /// <param name="labelNames">The label names, if any, besides the information labels each series sets.</param>
    /// <exception cref="ArgumentException">A name breaks the Prometheus naming rules.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type or label names.</exception>
    IInfo CreateInfo(string name, string help, params string[] labelNames);

    /// <summary>
    /// Declares a state set (an enum when one state holds at a time): an OpenMetrics <c>stateset</c>, a gauge in the
    /// Prometheus text format, with one sample per state labelled <c>{name}="state"</c>. Stored like a
    /// <see cref="GaugeMode.MostRecent"/> gauge; see <see cref="IStateSetSeries"/>.
    /// </summary>
    /// <param name="name">The metric name, also the state label's name, so it must be a valid label name (no colons).</param>
    /// <param name="help">The help text.</param>
    /// <param name="states">The states: at least one, none empty, all distinct.</param>
    /// <param name="labelNames">The label names, if any; the metric name itself is reserved for the state label.</param>
    /// <exception cref="ArgumentException">A name breaks the naming rules, or the states are empty, blank or repeated.</exception>
    /// <exception cref="InvalidOperationException">The name is already declared with another type, label names or states.</exception>
    IStateSet CreateStateSet(string name, string help, string[] states, params string[] labelNames);
}
