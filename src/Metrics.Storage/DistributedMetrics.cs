using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed;

/// <summary>
/// The metrics of one process, backed by a shared store: declare metrics, update them on the hot path
/// (never waiting on the store), and read the aggregate of every process. A background flusher sends the
/// merged changes every <see cref="DistributedMetricsOptions.FlushInterval"/>; disposing flushes once more.
/// </summary>
/// <example>
/// <code>
/// await using var metrics = DistributedMetrics.Create(o => o.UseSqlite("metrics.db"));
/// metrics.CreateCounter("jobs_done_total", "Jobs done.").Inc();
/// </code>
/// </example>
public sealed class DistributedMetrics : IMetricFactory, IAsyncDisposable
{
    private readonly IMetricStore store;
    private readonly MetricFactory factory;
    private readonly MetricFlusher flusher;
    private readonly TimeSpan shutdownFlushTimeout;
    private int disposed;

    private DistributedMetrics(DistributedMetricsOptions options, IMetricStore store)
    {
        this.store = store;
        InstanceId = options.InstanceId ?? DefaultInstanceId();
        Registry = new MetricRegistry();
        factory = new MetricFactory(Registry, options.MaxSeriesPerMetric);
        flusher = new MetricFlusher(Registry, store, InstanceId, options.FlushInterval);
        shutdownFlushTimeout = options.ShutdownFlushTimeout;
        Collectors = new CollectorSet(options.CollectorTimeout);
        flusher.Start();
    }

    /// <summary>This process's instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The families this process declared.</summary>
    internal MetricRegistry Registry { get; }

    /// <summary>The background flusher, for failure reporting by hosts.</summary>
    internal MetricFlusher Flusher => flusher;

    /// <summary>The custom collectors, run at each <see cref="CollectAsync"/>.</summary>
    internal CollectorSet Collectors { get; }

    /// <summary>Creates the metrics of this process and starts the background flusher.</summary>
    /// <param name="configure">Chooses the store and settings.</param>
    /// <returns>The metrics; dispose it to flush and release the store.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    public static DistributedMetrics Create(Action<DistributedMetricsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DistributedMetricsOptions();
        configure(options);
        return Create(options);
    }

    /// <summary>Creates the metrics of this process and starts the background flusher.</summary>
    /// <param name="options">The store and settings.</param>
    /// <returns>The metrics; dispose it to flush and release the store.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    public static DistributedMetrics Create(DistributedMetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid distributed metrics options: " + string.Join(" ", errors), nameof(options));
        }

        return new DistributedMetrics(options, MetricStoreFactory.Create(options));
    }

    /// <summary>Creates metrics over a given store (tests).</summary>
    internal static DistributedMetrics Create(DistributedMetricsOptions options, IMetricStore store) => new(options, store);

    /// <inheritdoc />
    public ICounter CreateCounter(string name, string help, params string[] labelNames) =>
        factory.CreateCounter(name, help, labelNames);

    /// <inheritdoc />
    public IGauge CreateGauge(string name, string help, params string[] labelNames) =>
        factory.CreateGauge(name, help, labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, params string[] labelNames) =>
        factory.CreateHistogram(name, help, labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, double[] buckets, params string[] labelNames) =>
        factory.CreateHistogram(name, help, buckets, labelNames);

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, params string[] labelNames) =>
        factory.CreateSummary(name, help, labelNames);

    /// <summary>Sends every pending change to the store now.</summary>
    /// <param name="cancellationToken">Cancels the wait; the changes stay queued and are retried.</param>
    /// <returns>A task that completes when the store confirmed the changes.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default) => flusher.FlushAsync(cancellationToken);

    /// <summary>
    /// Adds a collector whose families are computed at each <see cref="CollectAsync"/> (each scrape) on this instance
    /// and added to what the store holds; see <see cref="IMetricsCollector"/>.
    /// </summary>
    /// <param name="collector">The collector.</param>
    public void AddCollector(IMetricsCollector collector) => Collectors.Add(collector);

    /// <summary>
    /// Reads every metric of the store (all processes), ready to be written as an exposition, with the families of
    /// this instance's collectors, which run meanwhile.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    public async Task<MetricsSnapshot> CollectAsync(CancellationToken cancellationToken = default)
    {
        var collected = Collectors.RunAsync(cancellationToken);
        var stored = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new MetricsSnapshot(Collectors.Merge(ExpositionSnapshotBuilder.Build(stored), await collected.ConfigureAwait(false)));
    }

    /// <summary>
    /// Stops the background flusher, flushes what is pending (within
    /// <see cref="DistributedMetricsOptions.ShutdownFlushTimeout"/>) and releases the store. If the final flush
    /// fails, the exception is rethrown after the store was released: the pending changes are lost.
    /// </summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await flusher.DisposeAsync().ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(shutdownFlushTimeout);
            await flusher.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string DefaultInstanceId() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next():x8}";
}
