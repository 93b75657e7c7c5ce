using Prometheus.Distributed.Metrics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Reads one family of a scrape: its seed hash (or, for a per-instance gauge, its per-instance hash) and its
/// exemplars, pipelined. Field names are handed over as the UTF-8 bytes the client read, not decoded into strings:
/// the exposition parses them as bytes. Counts what it skips (keys that are not hashes, fields that are not numbers).
/// </summary>
/// <param name="keys">The key names of the store's prefix.</param>
internal sealed class RedisFamilyReader(RedisKeys keys)
{
    private long skippedKeys;
    private long skippedFields;

    /// <summary>Keys skipped because they are not hashes.</summary>
    public long SkippedKeys => Interlocked.Read(ref skippedKeys);

    /// <summary>Fields skipped because their value is not a number.</summary>
    public long SkippedFields => Interlocked.Read(ref skippedFields);

    /// <summary>
    /// One family's fields, from its seed hash or, for a per-instance gauge, its per-instance hash; a null family when
    /// the key is not a hash (skipped and counted).
    /// </summary>
    public async Task<(string Name, RedisKey Key, StoredFamily? Family)> ReadAsync(
        IDatabase database, string name, MetricMetadata? metadata)
    {
        var perInstance = metadata?.Mode.IsPerInstance() == true;
        var key = perInstance ? keys.InstanceGauge(name) : keys.Data(name);
        var exemplarsRead = metadata?.Type is MetricType.Counter or MetricType.Histogram
            ? ReadExemplarsAsync(database, name)
            : Task.FromResult<Dictionary<string, Exemplar>?>(null);
        HashEntry[] entries;
        try
        {
            entries = await database.HashGetAllAsync(key).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref skippedKeys);
            Observe(exemplarsRead);
            return (name, key, null);
        }

        var exemplars = await exemplarsRead.ConfigureAwait(false);
        var samples = new SegmentedList<StoredSample>();
        var instanceSamples = new List<InstanceSample>(perInstance ? entries.Length : 0);
        foreach (var entry in entries)
        {
            if (!RedisFloat.TryParse(entry.Value, out var value))
            {
                Interlocked.Increment(ref skippedFields);
            }
            else if (!perInstance)
            {
                // The client's own copy of the field name (a bulk reply is always bytes): kept, not decoded.
                samples.Add(new StoredSample((byte[])entry.Name!, value));
            }
            else if (InstanceField.TrySplit(entry.Name!, out var instanceId, out var subkey))
            {
                instanceSamples.Add(new InstanceSample(instanceId, subkey, value));
            }
            else
            {
                Interlocked.Increment(ref skippedFields);
            }
        }

        return (name, key, new StoredFamily(name, metadata, samples, instanceSamples, exemplars));
    }

    /// <summary>A family's stored exemplars; null when there are none or the key is not a hash (skipped and counted).</summary>
    private async Task<Dictionary<string, Exemplar>?> ReadExemplarsAsync(IDatabase database, string name)
    {
        try
        {
            var entries = await database.HashGetAllAsync(keys.Exemplars(name)).ConfigureAwait(false);
            return ExemplarJson.ParseAll(entries.Select(e => new KeyValuePair<string, string>(e.Name!, e.Value!)));
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref skippedKeys);
            return null;
        }
    }

    /// <summary>Keeps an abandoned reply task's eventual failure from surfacing as an unobserved exception.</summary>
    private static void Observe(Task replies) =>
        replies.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
