using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// How a <see cref="RedisMetricStore"/> reaches Redis and lays out its keys. Set exactly one of
/// <see cref="Configuration"/>, <see cref="Options"/> and <see cref="ConnectionFactory"/>.
/// </summary>
/// <remarks>
/// On a Redis Cluster a prefix with a hash tag, e.g. <c>{shop}</c>, keeps every key of the store in one hash slot
/// (every flush atomic, on one master); a prefix without one spreads the families over every master (see
/// <see cref="RedisKeys"/>).
/// </remarks>
internal sealed record RedisStoreSettings
{
    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>localhost:6379,syncTimeout=2000</c>. The store connects
    /// lazily, never aborts on a failed connect, and fails calls at once while the connection is down instead of
    /// queueing them. Each call waits at most <c>asyncTimeout</c> (StackExchange.Redis makes it <c>syncTimeout</c>
    /// when the string has none).
    /// </summary>
    public string? Configuration { get; init; }

    /// <summary>
    /// Parsed configuration, for what a string cannot say (e.g. <see cref="ConfigurationOptions.TrustIssuer(string)"/>
    /// for a TLS server whose certificate a private CA signed). The store copies it and applies the same connection
    /// rules as to <see cref="Configuration"/>.
    /// </summary>
    public ConfigurationOptions? Options { get; init; }

    /// <summary>Supplies an existing multiplexer instead; the store never disposes a multiplexer it did not create.</summary>
    public Func<Task<IConnectionMultiplexer>>? ConnectionFactory { get; init; }

    /// <summary>
    /// The key prefix: data lives in hash <c>{Prefix}_{family}</c> (the seed's layout), bookkeeping in keys
    /// starting with <c>{Prefix}:dm:</c>. On a Redis Cluster a hash-tagged prefix such as <c>{shop}</c> keeps them in one
    /// slot; one without a hash tag (and without braces) spreads the families over the slots.
    /// </summary>
    public string Prefix { get; init; } = "prometheus";

    /// <summary>Every key written expires this long after its last write (the seed's default is one hour).</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many replicas of each master written to must acknowledge a flush (Redis <c>WAIT</c> on the connection that
    /// sent its scripts) before it counts as applied; 0 does not wait.
    /// </summary>
    public int WaitForReplicas { get; init; }

    /// <summary>The longest one <c>WAIT</c> for <see cref="WaitForReplicas"/> blocks its connection.</summary>
    public TimeSpan ReplicaWaitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most field writes one Lua script call carries; larger batches go in several calls, each atomic, split
    /// between families or, for one very large family, between series. A script blocks Redis while it runs: at
    /// about one microsecond per write, 2000 writes keep every call near 2 ms, short enough for other clients'
    /// latency, while a 10 000-series flush still needs only a handful of pipelined calls.
    /// </summary>
    public int MaxWritesPerScript { get; init; } = 2000;

    /// <summary>
    /// How long the list of families found by <c>SCAN</c> (families written by another writer, such as the seed,
    /// without this store's index) is reused before the keyspace is scanned again. SCAN walks the whole database,
    /// which is costly on a Redis shared with caches, while a new foreign family showing up half a minute late is
    /// harmless for a scrape. <see cref="TimeSpan.Zero"/> scans on every read.
    /// </summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A scrape reads a hash with more fields than this from an atomic copy in <c>HSCAN</c> pages instead of one
    /// <c>HGETALL</c> (see <see cref="RedisHashRead"/>): the client's reply to one <c>HGETALL</c> costs about 300 bytes per
    /// field at once, so 32 768 fields (a 16 000-series counter) stay near 10 MB.
    /// </summary>
    public int PagedReadFields { get; init; } = 32_768;
}
