using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Monitoring;
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
    private readonly SharedReadCache<int, MetricsSnapshot> snapshots;
    private readonly SharedReadCache<ScrapeKey, ScrapeBody> bodies;
    private readonly TimeSpan shutdownFlushTimeout;
    private readonly TimeSpan instanceTimeout;
    private readonly bool selfMetrics;
    private readonly NameEscapingScheme nameEscaping;
    private int disposed;
    private long storeReads;
    private long encodings;

    private DistributedMetrics(DistributedMetricsOptions options, IMetricStore store)
    {
        this.store = store;
        InstanceId = options.InstanceId ?? DefaultInstanceId();
        Registry = new MetricRegistry(new Dictionary<string, TimeSpan>(options.MetricExpiry, StringComparer.Ordinal));
        factory = new MetricFactory(
            Registry, options.MaxSeriesPerMetric, options.NameValidation, StaticLabelSet.From(options.StaticLabels), options.Exemplars);
        if (options.Exemplars)
        {
            ActivitySeen.Watch();
        }

        instanceTimeout = options.EffectiveInstanceTimeout;
        selfMetrics = options.SelfMetrics;
        Monitor = new SelfMonitor(Registry, options.SelfMetrics ? new SelfMetrics(SelfMetricFactory(options)) : null);
        flusher = new MetricFlusher(Registry, store, InstanceId, options.FlushInterval, instanceTimeout, Monitor);
        snapshots = new SharedReadCache<int, MetricsSnapshot>((_, cancellationToken) => ReadSnapshotAsync(cancellationToken), options.ScrapeCacheDuration);
        bodies = new SharedReadCache<ScrapeKey, ScrapeBody>(ProduceBodyAsync, options.ScrapeCacheDuration, static body => body.Release());
        shutdownFlushTimeout = options.ShutdownFlushTimeout;
        Collectors = new CollectorSet(options.CollectorTimeout, options.NameValidation);
        nameEscaping = options.NameEscaping;
        flusher.Start();
    }

    /// <summary>
    /// Records the process and runtime metrics (<see cref="Runtime.ProcessMetrics"/>), read before each flush; the host
    /// integration calls it unless <see cref="DistributedMetricsOptions.ProcessMetrics"/> is false.
    /// </summary>
    internal void RecordProcessMetrics() => Registry.AddRefresher(new Runtime.ProcessMetrics(factory).Refresh);

    /// <summary>This process's instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The families this process declared.</summary>
    internal MetricRegistry Registry { get; }

    /// <summary>The background flusher, for failure reporting by hosts.</summary>
    internal MetricFlusher Flusher => flusher;

    /// <summary>
    /// When set (by a host that logs), a failed final flush on dispose is passed here instead of being thrown, so
    /// disposing a container never throws because the store is down.
    /// </summary>
    internal Action<Exception>? FinalFlushFailed { get; set; }

    /// <summary>Self-metrics and the events hosts log (series limit reached, refused families, skipped entries).</summary>
    internal SelfMonitor Monitor { get; }

    /// <summary>The custom collectors, run with each read of the store.</summary>
    internal CollectorSet Collectors { get; }

    /// <summary>How many times the store was read for a scrape or a collection (what a cache window saves).</summary>
    internal long StoreReads => Interlocked.Read(ref storeReads);

    /// <summary>How many scrape bodies were encoded (gzipping an encoded one is not counted).</summary>
    internal long Encodings => Interlocked.Read(ref encodings);

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
    public static DistributedMetrics Create(DistributedMetricsOptions options) => Create(options, services: null);

    /// <summary>Creates the metrics of a host, whose services can supply the Redis multiplexer.</summary>
    /// <param name="options">The store and settings.</param>
    /// <param name="services">The host's services; null without a host.</param>
    /// <returns>The metrics; dispose it to flush and release the store.</returns>
    internal static DistributedMetrics Create(DistributedMetricsOptions options, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid distributed metrics options: " + string.Join(" ", errors), nameof(options));
        }

        return new DistributedMetrics(options, MetricStoreFactory.Create(options, services));
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
    public IGauge CreateGauge(string name, string help, GaugeMode mode, params string[] labelNames) =>
        factory.CreateGauge(name, help, mode, labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, params string[] labelNames) =>
        factory.CreateHistogram(name, help, labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, double[] buckets, params string[] labelNames) =>
        factory.CreateHistogram(name, help, buckets, labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, NativeHistogramOptions native, params string[] labelNames) =>
        factory.CreateHistogram(name, help, native, labelNames);

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, params string[] labelNames) =>
        factory.CreateSummary(name, help, labelNames);

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, double[] quantiles, params string[] labelNames) =>
        factory.CreateSummary(name, help, quantiles, labelNames);

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, SummaryOptions options, params string[] labelNames) =>
        factory.CreateSummary(name, help, options, labelNames);

    /// <inheritdoc />
    public IInfo CreateInfo(string name, string help, params string[] labelNames) =>
        factory.CreateInfo(name, help, labelNames);

    /// <inheritdoc />
    public IStateSet CreateStateSet(string name, string help, string[] states, params string[] labelNames) =>
        factory.CreateStateSet(name, help, states, labelNames);

    /// <summary>Sends every pending change to the store now.</summary>
    /// <param name="cancellationToken">Cancels the wait; the changes stay queued and are retried.</param>
    /// <returns>A task that completes when the store confirmed the changes.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default) => flusher.FlushAsync(cancellationToken);

    /// <summary>
    /// Adds a collector whose families are computed with each read of the store (each scrape, or each
    /// <see cref="DistributedMetricsOptions.ScrapeCacheDuration"/>) on this instance and added to what the store
    /// holds; see <see cref="IMetricsCollector"/>.
    /// </summary>
    /// <param name="collector">The collector.</param>
    public void AddCollector(IMetricsCollector collector) => Collectors.Add(collector);

    /// <summary>
    /// Reads every metric of the store (all processes), ready to be written as an exposition, with the families of
    /// this instance's collectors, which run meanwhile. Concurrent calls and calls within
    /// <see cref="DistributedMetricsOptions.ScrapeCacheDuration"/> of a read share that read.
    /// </summary>
    /// <param name="cancellationToken">Cancels this caller's wait (a read shared with other callers goes on).</param>
    /// <returns>The snapshot.</returns>
    public Task<MetricsSnapshot> CollectAsync(CancellationToken cancellationToken = default) =>
        snapshots.GetAsync(0, cancellationToken);

    /// <summary>
    /// The scrape body in <paramref name="format"/> with names escaped by <paramref name="escaping"/> (null: the
    /// configured <see cref="DistributedMetricsOptions.NameEscaping"/>), gzipped when <paramref name="gzip"/>: read from
    /// the store a family at a time and encoded as each is read, so the read holds the encoded body and one family, not
    /// the store. Concurrent calls and calls within <see cref="DistributedMetricsOptions.ScrapeCacheDuration"/> of an
    /// encoding for the same format, escaping and compression share it. The caller holds a share of the body and must
    /// <see cref="ScrapeBody.Release"/> it when sent.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal async Task<ScrapeBody> ScrapeAsync(
        ExpositionFormat format, NameEscapingScheme? escaping, bool gzip, CancellationToken cancellationToken)
    {
        var key = new ScrapeKey(format, escaping ?? nameEscaping, gzip);
        if (!bodies.Shares)
        {
            // Nothing is shared: the body is the caller's alone.
            return await bodies.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            var body = await bodies.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (body.TryAcquire())
            {
                return body;
            }

            // Its window passed and the cache let go of it between the read and now: the next call reads again.
        }
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
            await flusher.FinalFlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (FinalFlushFailed is { } report)
        {
            report(e);
        }
        finally
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<MetricsSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref storeReads);
        var collected = Collectors.RunAsync(cancellationToken);
        var stored = await StoreScrape.ReadAsync(store, instanceTimeout, selfMetrics, static _ => { }, cancellationToken).ConfigureAwait(false);
        var snapshot = new MetricsSnapshot(Collectors.Merge(stored, await collected.ConfigureAwait(false)), nameEscaping);
        Monitor.ReadCompleted(snapshot.Skipped);
        return snapshot;
    }

    private async Task<ScrapeBody> ProduceBodyAsync(ScrapeKey key, CancellationToken cancellationToken)
    {
        if (!key.Gzip)
        {
            return await EncodeAsync(key.Format, key.Escaping, cancellationToken).ConfigureAwait(false);
        }

        var plain = await ScrapeAsync(key.Format, key.Escaping, gzip: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return plain.Gzip();
        }
        finally
        {
            plain.Release();
        }
    }

    /// <summary>
    /// Reads the store and encodes each family as it is built, releasing its table before the next family is read; once
    /// every family is read, chooses the parts to send (the rules between families need them all) and adds the
    /// collectors' families and the end of the body.
    /// </summary>
    private async Task<ScrapeBody> EncodeAsync(ExpositionFormat format, NameEscapingScheme escaping, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref storeReads);
        Interlocked.Increment(ref encodings);
        var collected = Collectors.RunAsync(cancellationToken);
        var writer = ExpositionFormatWriter.For(format);
        var body = new ScrapeBody();
        var encoded = new Dictionary<FamilySnapshot, (long Start, long Length)>(ReferenceEqualityComparer.Instance);
        try
        {
            var stored = await StoreScrape.ReadAsync(
                store,
                instanceTimeout,
                selfMetrics,
                families =>
                {
                    foreach (var family in families)
                    {
                        // Escaped for the self-metrics' count of what was left out before the table goes.
                        _ = family.Escaped(nameEscaping);
                        if (family.Escaped(escaping).Family is { } escaped)
                        {
                            encoded[escaped] = Encode(writer, body, escaped);
                        }

                        family.Table.Dispose();
                    }
                },
                cancellationToken).ConfigureAwait(false);
            var merged = Collectors.Merge(stored, await collected.ConfigureAwait(false));
            var output = NameEscaper.Apply(merged, escaping);
            foreach (var family in output.Families)
            {
                var (start, length) = encoded.TryGetValue(family, out var part) ? part : Encode(writer, body, family);
                body.AddPart(start, length);
            }

            var end = body.Written;
            writer.WriteEnd(body);
            body.AddPart(end, body.Written - end);
            Monitor.ReadCompleted(escaping == nameEscaping ? output.Skipped : NameEscaper.Apply(merged, nameEscaping).Skipped);

            // The collectors' tables too (the stored ones went as they were encoded).
            foreach (var family in merged.Families)
            {
                family.Table.Dispose();
            }

            return body;
        }
        catch
        {
            body.Release();
            throw;
        }
    }

    private static (long Start, long Length) Encode(ExpositionFormatWriter writer, ScrapeBody body, FamilySnapshot family)
    {
        var start = body.Written;
        writer.WriteFamily(body, family);
        return (start, body.Written - start);
    }

    /// <summary>
    /// The self-metrics' factory: without static labels, so every process declares them alike whatever its static
    /// labels, and a process with other ones can neither fix their declaration for the others nor be refused.
    /// </summary>
    private MetricFactory SelfMetricFactory(DistributedMetricsOptions options) =>
        new(Registry, options.MaxSeriesPerMetric, NameValidation.Legacy, StaticLabelSet.None, exemplars: false);

    private static string DefaultInstanceId() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next():x8}";
}
