using System.Text;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The key names of one prefix. Data keys are the seed's <c>{prefix}_{family}</c>; this store's bookkeeping lives
/// in <c>{prefix}:dm:…</c> keys, which can never be data keys of the prefix because those have <c>_</c> right
/// after it. Two layouts:
/// <list type="bullet">
/// <item>One slot (a single server, or a hash-tagged prefix such as <c>{shop}</c>, which puts every key of the prefix
/// in one cluster slot): one index <c>{prefix}:dm:index</c>, one metadata hash <c>{prefix}:dm:meta</c>, one marker
/// <c>{prefix}:dm:seq:{instance}</c> per instance; <see cref="ScriptSlot"/> is 0 for every family.</item>
/// <item>Spread (a prefix without a hash tag on a cluster): each family's data key lands in its own slot, and the
/// bookkeeping a script touches lives in keys of that slot, <c>{prefix}:dm:{tag}:index</c>, <c>…:meta</c>,
/// <c>…:seq:{instance}</c>, <c>…:exemplars:{family}</c>, where the hash tag is <see cref="SlotTags.For"/> the slot.
/// Per-instance gauges live in the slot of <see cref="Instances"/>, so that removing a dead instance's values stays
/// one atomic script. <see cref="Slots"/> lists the slots in use, for a scrape.</item>
/// </list>
/// </summary>
internal sealed class RedisKeys
{
    private readonly string dataPrefix;
    private readonly string bookkeepingPrefix;

    /// <summary>Creates the names for <paramref name="prefix"/>, spread over slots when <paramref name="spread"/>.</summary>
    /// <exception cref="InvalidOperationException">A spread prefix contains a <c>{</c>, which would change the slot of its bookkeeping keys.</exception>
    public RedisKeys(string prefix, bool spread = false)
    {
        if (spread && prefix.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The Redis prefix '{prefix}' contains '{{' without a hash tag: on a Redis Cluster give it a complete hash tag, "
                + "e.g. '{shop}', to keep every key in one slot, or no braces at all to spread its families over every master.");
        }

        Prefix = prefix;
        Spread = spread;
        dataPrefix = prefix + "_";
        bookkeepingPrefix = prefix + ":dm:";
        Instances = bookkeepingPrefix + "instances";
        Slots = bookkeepingPrefix + "slots";
        PerInstanceSlot = spread ? RedisHashSlot.Of(bookkeepingPrefix + "instances") : 0;
        DataPattern = EscapeGlob(prefix) + "_*";
    }

    /// <summary>The prefix.</summary>
    public string Prefix { get; }

    /// <summary>True when families spread over the slots of a cluster (see the type's remarks).</summary>
    public bool Spread { get; }

    /// <summary>A hash: instance id → its last heartbeat, in unix seconds by the Redis server's clock.</summary>
    public RedisKey Instances { get; }

    /// <summary>Spread layout only: a set of the slots (as decimal text) whose bookkeeping keys a flush wrote.</summary>
    public RedisKey Slots { get; }

    /// <summary>The slot whose script writes the per-instance gauges (0 in the one-slot layout).</summary>
    public int PerInstanceSlot { get; }

    /// <summary>The SCAN MATCH pattern of the data keys, with glob characters of the prefix escaped.</summary>
    public string DataPattern { get; }

    /// <summary>
    /// The slot whose script writes a family: the slot of its data key, or <see cref="PerInstanceSlot"/> for a
    /// per-instance gauge; 0 for every family in the one-slot layout.
    /// </summary>
    public int ScriptSlot(string family, MetricMetadata? metadata) =>
        !Spread ? 0 : metadata?.Mode.IsPerInstance() == true ? PerInstanceSlot : RedisHashSlot.Of(dataPrefix + family);

    /// <summary>A set of the family names this store wrote (in the spread layout, of the families of one slot).</summary>
    public RedisKey Index(int slot) => Bookkeeping(slot) + "index";

    /// <summary>A hash: family name → <see cref="MetricMetadata.ToJson"/> (in the spread layout, of one slot's families).</summary>
    public RedisKey Metadata(int slot) => Bookkeeping(slot) + "meta";

    /// <summary>A string key holding the marker of the last chunk applied for one writing instance (to one slot).</summary>
    public RedisKey Sequence(string instanceId, int slot) => Bookkeeping(slot) + "seq:" + instanceId;

    /// <summary>The seed's hash of one family.</summary>
    public RedisKey Data(string family) => dataPrefix + family;

    /// <summary>
    /// The hash of a per-instance gauge family (every mode but MostRecent): one field per instance and series,
    /// see <see cref="InstanceField"/>.
    /// </summary>
    public RedisKey InstanceGauge(string family) => Bookkeeping(PerInstanceSlot) + "gauge:" + family;

    /// <summary>
    /// The hash of a family's exemplars, in its <see cref="ScriptSlot"/>: field = the seed's field name
    /// (<c>_total:{…}</c>, <c>_bucket:{…}</c>), value = the latest exemplar's JSON.
    /// </summary>
    public RedisKey Exemplars(string family, MetricMetadata? metadata) =>
        Bookkeeping(ScriptSlot(family, metadata)) + "exemplars:" + family;

    /// <summary>
    /// The hash of a native histogram's series, in its <see cref="ScriptSlot"/>: schema, zero threshold, zero count,
    /// count, sum and bucket counts per series (see <see cref="RedisScripts.ApplyChunk"/>).
    /// </summary>
    public RedisKey Native(string family, MetricMetadata? metadata) =>
        Bookkeeping(ScriptSlot(family, metadata)) + "native:" + family;

    /// <summary>
    /// The hash of a summary's quantile sketches, in its <see cref="ScriptSlot"/>: the fields of <see cref="Native"/> per
    /// slot of the window and series, with slot-qualified labels (<see cref="SketchSlots.Key"/>), and <c>slot</c>, the
    /// newest slot written; it expires one slot after that slot leaves the window.
    /// </summary>
    public RedisKey Sketches(string family, MetricMetadata? metadata) =>
        Bookkeeping(ScriptSlot(family, metadata)) + "sketch:" + family;

    /// <summary>The hash a family's native parts go to: a summary's <see cref="Sketches"/>, else <see cref="Native"/>.</summary>
    public RedisKey NativeParts(string family, MetricMetadata? metadata) =>
        metadata?.Window is not null ? Sketches(family, metadata) : Native(family, metadata);

    /// <summary>The key that holds a family's fields: the seed's hash, or the per-instance hash of such a gauge.</summary>
    public RedisKey Family(MetricMetadata metadata) =>
        metadata.Mode == GaugeMode.MostRecent ? Data(metadata.Name) : InstanceGauge(metadata.Name);

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

    /// <summary>The start of the bookkeeping keys of a slot: <c>{prefix}:dm:</c>, or <c>{prefix}:dm:{tag}:</c> when spread.</summary>
    private string Bookkeeping(int slot) => Spread ? bookkeepingPrefix + "{" + SlotTags.For(slot) + "}:" : bookkeepingPrefix;

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
