using Prometheus.Distributed.Labels;
using StackExchange.Redis;

namespace Prometheus.Distributed;

/// <summary>
/// Where metrics are stored and how often they are flushed. Bindable from configuration (keys are the
/// property names, e.g. <c>DistributedMetrics:Sqlite</c>); choose exactly one store.
/// </summary>
public sealed class DistributedMetricsOptions
{
    /// <summary>The seed's default key prefix.</summary>
    public const string DefaultPrefix = "prometheus";

    /// <summary>Path of an SQLite file shared by every process on this host. Null by default.</summary>
    public string? Sqlite { get; set; }

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>. Null by default.</summary>
    public string? Redis { get; set; }

    /// <summary>Keeps metrics inside this process only (tests, single-process apps). False by default.</summary>
    public bool InMemory { get; set; }

    /// <summary>
    /// Redis key prefix: data of family <c>f</c> lives in key <c>{Prefix}_f</c>; applications sharing one Redis
    /// are isolated by prefix. On Redis Cluster a prefix without a hash tag spreads the families over every master
    /// (each family applied whole and exactly once); a hash tag such as <c>{shop}</c> keeps every key in one slot, so
    /// each flush is atomic as a whole. Default <c>prometheus</c>, like the seed. Not used by SQLite.
    /// </summary>
    public string Prefix { get; set; } = DefaultPrefix;

    /// <summary>How often changed series are sent to the store. Default 1 second.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// This process's instance id. Default: host name, process id and a random suffix, unique per run.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// How long an instance may go without a heartbeat (one per flush) before it counts as dead: its values leave the
    /// <c>Live*</c> gauge modes at once and are then removed from the store. Null by default, meaning 15 seconds or
    /// three flush intervals, whichever is longer. When set it must be at least twice <see cref="FlushInterval"/>, so
    /// one late flush does not kill an instance.
    /// </summary>
    public TimeSpan? InstanceTimeout { get; set; }

    /// <summary>The instance timeout in effect: <see cref="InstanceTimeout"/> or its default.</summary>
    internal TimeSpan EffectiveInstanceTimeout =>
        InstanceTimeout ?? TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(15).Ticks, 3 * Math.Max(FlushInterval.Ticks, 0)));

    /// <summary>
    /// Redis keys expire after this long without writes. Default 1 hour, like the seed. On SQLite, the flush marker of an
    /// instance that wrote nothing for this long is pruned, as its Redis key expires.
    /// </summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// SQLite only: a family (its series, per-instance values, exemplars and metadata) not written for this long is
    /// deleted by a later flush of any process, in that flush's transaction, a bounded number per flush. Null (default)
    /// keeps every series, like the seed. Whole seconds; like Redis <see cref="Expiry"/>, a family is idle when none of its
    /// series was written.
    /// </summary>
    public TimeSpan? SqliteRetention { get; set; }

    /// <summary>
    /// Metrics that expire sooner than the store keeps others, by the name they are declared with (a counter with its
    /// <c>_total</c>), e.g. <c>o.MetricExpiry["batch_items_total"] = TimeSpan.FromMinutes(5)</c> or
    /// <c>"MetricExpiry": { "batch_items_total": "00:05:00" }</c>. Redis: the family's key (and its exemplars) expire that
    /// long after this process's last write instead of after <see cref="Expiry"/>. SQLite: the family is pruned once idle
    /// that long, as <see cref="SqliteRetention"/> prunes the others (also when that is off). The last writer's setting
    /// wins: a process without the override restores the store's default. Each value positive and at most
    /// <see cref="Expiry"/>; not for the in-memory store. Empty by default.
    /// </summary>
    public IDictionary<string, TimeSpan> MetricExpiry { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>
    /// Redis only: after each flush's scripts, wait (Redis <c>WAIT</c>, at most 1 second) until this many replicas of
    /// every master written to have acknowledged them, so that a confirmed flush survives a master's failover. When
    /// fewer acknowledge in time the flush counts as failed and is retried (what landed is skipped, never counted
    /// twice), counted in <c>distributed_metrics_replica_wait_timeouts_total</c> and logged. Set it only when every
    /// master has that many replicas. Default 0: confirm as soon as the master applied the flush.
    /// </summary>
    public int RedisWaitForReplicas { get; set; }

    /// <summary>
    /// The most series one metric may have in this process; updates to new series past it are dropped and
    /// counted. Default 10 000.
    /// </summary>
    public int MaxSeriesPerMetric { get; set; } = 10_000;

    /// <summary>How long the final flush on dispose or host stop may take. Default 10 seconds.</summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the <c>/metrics</c> endpoint waits for the store before it answers 503. Default 5 seconds.
    /// </summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one read of the store serves further collections (scrapes): concurrent scrapes and scrapes within
    /// this window share one read and, per format, name escaping and compression, one encoded body, so a scrape storm
    /// is one store read. Default 1 second; zero reads on every scrape.
    /// </summary>
    public TimeSpan ScrapeCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Records this library's own metrics (flush duration, flush failures, pending series, dropped series, skipped
    /// store entries) as ordinary metrics of this process, named <c>distributed_metrics_*</c>. Default true.
    /// </summary>
    public bool SelfMetrics { get; set; } = true;

    /// <summary>
    /// Records the standard process and runtime metrics (<c>process_cpu_seconds_total</c>,
    /// <c>process_resident_memory_bytes</c>, <c>process_start_time_seconds</c>, open file descriptors, GC collections,
    /// thread pool), read once per flush. Default true. Applies to the host integration (<c>AddDistributedMetrics</c>);
    /// <see cref="DistributedMetrics.Create(DistributedMetricsOptions)"/> (a job without a host) does not record them.
    /// </summary>
    public bool ProcessMetrics { get; set; } = true;

    /// <summary>
    /// Lets counter increments and histogram observations made inside a sampled (recorded) <c>Activity</c> keep its
    /// trace and span id as an exemplar, written in OpenMetrics scrapes (at most one new exemplar per series, or per
    /// bucket, per flush). Default true; false removes the cost of looking at <c>Activity.Current</c> from the hot path.
    /// </summary>
    public bool Exemplars { get; set; } = true;

    /// <summary>
    /// How long one custom collector (<see cref="IMetricsCollector"/>) may take during a scrape before it is skipped
    /// and counted as failed. Default 1 second.
    /// </summary>
    public TimeSpan CollectorTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Which metric and label names <c>Create…</c> and custom collectors accept: <see cref="Distributed.NameValidation.Legacy"/>
    /// (default) or <see cref="Distributed.NameValidation.Utf8"/>. Stored names are served whichever this process uses.
    /// </summary>
    public NameValidation NameValidation { get; set; } = NameValidation.Legacy;

    /// <summary>
    /// How names outside the legacy character set are escaped for a scraper that does not ask for UTF-8 names
    /// (no <c>escaping=</c> in its <c>Accept</c> header, e.g. Prometheus 2): <see cref="NameEscapingScheme.Underscores"/>
    /// (default), <see cref="NameEscapingScheme.Values"/> or <see cref="NameEscapingScheme.Dots"/>. A scraper that names
    /// a scheme gets that one.
    /// </summary>
    public NameEscapingScheme NameEscaping { get; set; } = NameEscapingScheme.Underscores;

    /// <summary>
    /// Labels added to every series this process writes (declared and typed metrics, HTTP metrics, bridged meters,
    /// self-metrics), e.g. <c>o.StaticLabels["service"] = "checkout"</c> or <c>"StaticLabels": { "service": "checkout" }</c>
    /// in configuration. Not added to the families of custom collectors. They cost nothing on the hot path: each new
    /// series takes them once. Names follow the label-name rules and may not be <c>instance</c>, <c>le</c> or
    /// <c>quantile</c>; a metric may not declare a label of the same name. The names are part of every family's
    /// declaration: processes sharing a store must use the same static label names (values may differ), or the store
    /// refuses the writes of the later declaration. Empty by default.
    /// </summary>
    public IDictionary<string, string> StaticLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How the meter bridge records <c>System.Diagnostics.Metrics</c> instruments, e.g. <c>o.Meters.NativeHistograms = true</c>.</summary>
    public MeterOptions Meters { get; } = new();

    /// <summary>An existing multiplexer to use instead of <see cref="Redis"/>; set by <see cref="UseRedis(IConnectionMultiplexer, string)"/>.</summary>
    internal IConnectionMultiplexer? RedisConnection { get; private set; }

    /// <summary>
    /// Resolves the application's multiplexer from its services at the store's first use; set by
    /// <see cref="UseRedis(Func{IServiceProvider, IConnectionMultiplexer}, string)"/>.
    /// </summary>
    internal Func<IServiceProvider, IConnectionMultiplexer>? RedisConnectionFactory { get; private set; }

    /// <summary>Parsed Redis configuration to connect with; set by <see cref="UseRedis(ConfigurationOptions, string)"/>.</summary>
    internal ConfigurationOptions? RedisOptions { get; private set; }

    /// <summary>Stores metrics in an SQLite file shared by the processes of one host.</summary>
    /// <param name="path">The file; created with its folder when missing.</param>
    /// <returns>These options.</returns>
    public DistributedMetricsOptions UseSqlite(string path)
    {
        ClearStore();
        Sqlite = path;
        return this;
    }

    /// <summary>Stores metrics in Redis.</summary>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</param>
    /// <param name="prefix">The key prefix; see <see cref="Prefix"/>.</param>
    /// <returns>These options.</returns>
    public DistributedMetricsOptions UseRedis(string configuration, string prefix = DefaultPrefix) =>
        UseRedisWith(o => o.Redis = configuration, prefix);

    /// <summary>
    /// Stores metrics in Redis, connecting with parsed options: for what a configuration string cannot say, such as
    /// <see cref="ConfigurationOptions.TrustIssuer(string)"/> for a TLS server whose certificate a private CA signed.
    /// The options are copied; the store opens its own multiplexer lazily and closes it on dispose.
    /// </summary>
    /// <param name="configuration">The StackExchange.Redis options.</param>
    /// <param name="prefix">The key prefix; see <see cref="Prefix"/>.</param>
    /// <returns>These options.</returns>
    public DistributedMetricsOptions UseRedis(ConfigurationOptions configuration, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return UseRedisWith(o => o.RedisOptions = configuration.Clone(), prefix);
    }

    /// <summary>
    /// Stores metrics in Redis through the application's own multiplexer, resolved from its services when the store is
    /// first used (never at registration), e.g. <c>o.UseRedis(sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;(), "shop")</c>:
    /// one connection for the cache, the session store and the metrics. The multiplexer is never disposed here. Needs
    /// the host's services: use it with <c>AddDistributedMetrics</c>; a process without a host passes the multiplexer
    /// itself to <see cref="UseRedis(IConnectionMultiplexer, string)"/>.
    /// </summary>
    /// <param name="connection">Resolves the multiplexer from the application's services.</param>
    /// <param name="prefix">The key prefix; see <see cref="Prefix"/>.</param>
    /// <returns>These options.</returns>
    public DistributedMetricsOptions UseRedis(Func<IServiceProvider, IConnectionMultiplexer> connection, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return UseRedisWith(o => o.RedisConnectionFactory = connection, prefix);
    }

    /// <summary>Stores metrics in Redis through a multiplexer the application already has (not disposed here).</summary>
    /// <param name="connection">The multiplexer.</param>
    /// <param name="prefix">The key prefix; see <see cref="Prefix"/>.</param>
    /// <returns>These options.</returns>
    public DistributedMetricsOptions UseRedis(IConnectionMultiplexer connection, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return UseRedisWith(o => o.RedisConnection = connection, prefix);
    }

    /// <summary>Keeps metrics inside this process only.</summary>
    /// <returns>These options.</returns>
    public DistributedMetricsOptions UseInMemory()
    {
        ClearStore();
        InMemory = true;
        return this;
    }

    /// <summary>Every problem with these options, each naming the setting.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var redis = Redis is not null || RedisConnection is not null || RedisConnectionFactory is not null || RedisOptions is not null;
        var stores = (Sqlite is not null ? 1 : 0) + (redis ? 1 : 0) + (InMemory ? 1 : 0);
        if (stores == 0)
        {
            errors.Add("No store is configured: set Sqlite (a file path), Redis (a configuration string) or InMemory, or call UseSqlite/UseRedis/UseInMemory.");
        }
        else if (stores > 1)
        {
            errors.Add("More than one store is configured: set only one of Sqlite, Redis and InMemory.");
        }

        if (Sqlite is not null && string.IsNullOrWhiteSpace(Sqlite))
        {
            errors.Add("Sqlite must be a file path; it is empty.");
        }

        if (Redis is not null && string.IsNullOrWhiteSpace(Redis))
        {
            errors.Add("Redis must be a configuration string such as 'localhost:6379'; it is empty.");
        }

        if (string.IsNullOrEmpty(Prefix) || Prefix.Any(char.IsWhiteSpace))
        {
            errors.Add($"Prefix must be non-empty and contain no white space; it is '{Prefix}'.");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            errors.Add($"FlushInterval must be positive; it is {FlushInterval}.");
        }

        if (InstanceTimeout is { } timeout && FlushInterval > TimeSpan.Zero && timeout < 2 * FlushInterval)
        {
            errors.Add($"InstanceTimeout must be at least twice FlushInterval ({FlushInterval}); it is {timeout}.");
        }

        if (Expiry <= TimeSpan.Zero)
        {
            errors.Add($"Expiry must be positive; it is {Expiry}.");
        }

        if (SqliteRetention is { } retention && retention < TimeSpan.FromSeconds(1))
        {
            errors.Add($"SqliteRetention must be at least one second (the store keeps write times in whole seconds); it is {retention}.");
        }

        if (SqliteRetention is not null && stores == 1 && Sqlite is null)
        {
            errors.Add("SqliteRetention applies to the SQLite store only; remove it, or use Expiry for Redis (the in-memory store keeps everything).");
        }

        foreach (var (metric, expiry) in MetricExpiry)
        {
            if (string.IsNullOrWhiteSpace(metric) || expiry <= TimeSpan.Zero || expiry > Expiry)
            {
                errors.Add($"MetricExpiry:{metric} must name a metric and be positive and at most Expiry ({Expiry}); it is {expiry}.");
            }
        }

        if (MetricExpiry.Count > 0 && InMemory)
        {
            errors.Add("MetricExpiry applies to the Redis and SQLite stores; the in-memory store keeps everything.");
        }

        if (RedisWaitForReplicas < 0)
        {
            errors.Add($"RedisWaitForReplicas must be 0 (do not wait for replicas) or more; it is {RedisWaitForReplicas}.");
        }

        if (ShutdownFlushTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ShutdownFlushTimeout must be positive; it is {ShutdownFlushTimeout}.");
        }

        if (ScrapeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ScrapeTimeout must be positive; it is {ScrapeTimeout}.");
        }

        if (ScrapeCacheDuration < TimeSpan.Zero)
        {
            errors.Add($"ScrapeCacheDuration must be zero (no sharing) or positive; it is {ScrapeCacheDuration}.");
        }

        if (CollectorTimeout <= TimeSpan.Zero)
        {
            errors.Add($"CollectorTimeout must be positive; it is {CollectorTimeout}.");
        }

        if (MaxSeriesPerMetric < 1)
        {
            errors.Add($"MaxSeriesPerMetric must be at least 1; it is {MaxSeriesPerMetric}.");
        }

        if (!Enum.IsDefined(NameValidation))
        {
            errors.Add($"NameValidation must be Legacy or Utf8; it is {NameValidation}.");
        }

        if (!Enum.IsDefined(NameEscaping) || NameEscaping == NameEscapingScheme.AllowUtf8)
        {
            errors.Add($"NameEscaping must be Underscores, Values or Dots (a scraper that did not ask for UTF-8 names cannot read them); it is {NameEscaping}.");
        }

        if (InstanceId is not null && (string.IsNullOrWhiteSpace(InstanceId) || InstanceId.Length > 200))
        {
            errors.Add("InstanceId, when set, must be 1 to 200 characters and not only white space.");
        }

        errors.AddRange(StaticLabelSet.Validate(StaticLabels));
        return errors;
    }

    /// <summary>Chooses Redis as the store: clears the other choices, then <paramref name="connect"/> sets how to connect.</summary>
    private DistributedMetricsOptions UseRedisWith(Action<DistributedMetricsOptions> connect, string prefix)
    {
        ClearStore();
        connect(this);
        Prefix = prefix;
        return this;
    }

    private void ClearStore()
    {
        Sqlite = null;
        Redis = null;
        RedisConnection = null;
        RedisConnectionFactory = null;
        RedisOptions = null;
        InMemory = false;
    }
}
