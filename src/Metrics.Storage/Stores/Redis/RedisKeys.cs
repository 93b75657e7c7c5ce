using System.Text;
using Prometheus.Distributed.Exposition;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The key names of one prefix. Data keys are the seed's <c>{prefix}_{family}</c>; this store's bookkeeping lives
/// in <c>{prefix}:dm:…</c> keys, which can never be data keys of the prefix because those have <c>_</c> right
/// after it. A hash tag in the prefix (<c>{shop}</c>) therefore puts every key of the prefix in one cluster slot.
/// </summary>
internal sealed class RedisKeys
{
    private readonly string dataPrefix;

    /// <summary>Creates the names for <paramref name="prefix"/>.</summary>
    public RedisKeys(string prefix)
    {
        Prefix = prefix;
        dataPrefix = prefix + "_";
        Index = prefix + ":dm:index";
        Metadata = prefix + ":dm:meta";
        Instances = prefix + ":dm:instances";
        DataPattern = EscapeGlob(prefix) + "_*";
    }

    /// <summary>The prefix.</summary>
    public string Prefix { get; }

    /// <summary>A set of the family names this store wrote.</summary>
    public RedisKey Index { get; }

    /// <summary>A hash: family name → <see cref="Metrics.MetricMetadata.ToJson"/>.</summary>
    public RedisKey Metadata { get; }

    /// <summary>A hash: instance id → its last heartbeat, in unix seconds by the Redis server's clock.</summary>
    public RedisKey Instances { get; }

    /// <summary>The SCAN MATCH pattern of the data keys, with glob characters of the prefix escaped.</summary>
    public string DataPattern { get; }

    /// <summary>The seed's hash of one family.</summary>
    public RedisKey Data(string family) => dataPrefix + family;

    /// <summary>
    /// The hash of a per-instance gauge family (every mode but MostRecent): one field per instance and series,
    /// see <see cref="InstanceField"/>.
    /// </summary>
    public RedisKey InstanceGauge(string family) => Prefix + ":dm:gauge:" + family;

    /// <summary>
    /// The hash of a family's exemplars: field = the seed's field name (<c>_total:{…}</c>, <c>_bucket:{…}</c>), value =
    /// the latest exemplar's JSON.
    /// </summary>
    public RedisKey Exemplars(string family) => Prefix + ":dm:exemplars:" + family;

    /// <summary>
    /// The hash of a native histogram's series: schema, zero threshold, zero count, count, sum and bucket counts per
    /// series (see <see cref="RedisScripts.ApplyChunk"/>).
    /// </summary>
    public RedisKey Native(string family) => Prefix + ":dm:native:" + family;

    /// <summary>The key that holds a family's fields: the seed's hash, or the per-instance hash of such a gauge.</summary>
    public RedisKey Family(Metrics.MetricMetadata metadata) =>
        metadata.Mode == GaugeMode.MostRecent ? Data(metadata.Name) : InstanceGauge(metadata.Name);

    /// <summary>A string key holding the marker of the last chunk applied for one writing instance.</summary>
    public RedisKey Sequence(string instanceId) => Prefix + ":dm:seq:" + instanceId;

    /// <summary>
    /// Extracts the family name from a data key; false when the key is not <c>{prefix}_{name}</c> with a valid
    /// metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>).
    /// </summary>
    public bool TryGetFamily(string key, out string family)
    {
        family = string.Empty;
        if (!key.StartsWith(dataPrefix, StringComparison.Ordinal) || !ExpositionNames.IsValidMetricName(key.AsSpan(dataPrefix.Length)))
        {
            return false;
        }

        family = key[dataPrefix.Length..];
        return true;
    }

    private static string EscapeGlob(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
