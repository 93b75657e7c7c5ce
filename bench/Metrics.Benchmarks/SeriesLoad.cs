using System.Globalization;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>10 000 series of one counter, one label value each, as a flush or a scrape of many series sees them.</summary>
internal sealed class SeriesLoad
{
    /// <summary>How many series.</summary>
    public const int Count = 10_000;

    /// <summary>The counter's name.</summary>
    public const string CounterName = "bench_requests_total";

    /// <summary>The counter's help.</summary>
    public const string CounterHelp = "Requests by path.";

    /// <summary>The counter's one label.</summary>
    public const string LabelName = "path";

    private readonly ICounterSeries[] series;

    /// <summary>Declares the counter on <paramref name="metrics"/> and creates its series.</summary>
    public SeriesLoad(DistributedMetrics metrics)
    {
        var counter = metrics.CreateCounter(CounterName, CounterHelp, LabelName);
        series = [.. Enumerable.Range(0, Count).Select(i => counter.WithLabels(Path(i)))];
    }

    /// <summary>The label value of series <paramref name="index"/>.</summary>
    public static string Path(int index) => "/items/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Changes every series (one increment each).</summary>
    public void IncrementAll()
    {
        foreach (var one in series)
        {
            one.Inc();
        }
    }

    /// <summary>Creates metrics over <paramref name="configure"/>'s store that flush only when asked.</summary>
    public static DistributedMetrics CreateMetrics(Action<DistributedMetricsOptions> configure) =>
        DistributedMetrics.Create(o =>
        {
            configure(o);
            o.FlushInterval = TimeSpan.FromHours(1);
            o.MaxSeriesPerMetric = Count;

            // Every scrape reads the store: the shared read window would turn a scrape benchmark into a cache hit.
            o.ScrapeCacheDuration = TimeSpan.Zero;
            o.SelfMetrics = false;
        });
}
