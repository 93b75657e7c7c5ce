using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Reads one family of a scrape: its seed hash (or, for a per-instance gauge, its per-instance hash) and its
/// exemplars, each whole (<see cref="RedisHashRead"/>). Field names are copied as the UTF-8 bytes the client read into
/// the family's <see cref="StoredFields"/>, not decoded into strings: the exposition parses them as bytes, and the
/// client's reply objects can go at once. What it cannot read (keys that are not hashes, values that are not numbers)
/// it leaves out and counts in the family, for the exposition to report.
/// </summary>
internal static class RedisFamilyReader
{
    /// <summary>
    /// One family's fields, from its seed hash or, for a per-instance gauge, its per-instance hash; a family without
    /// samples when the key is not a hash. A hash of more than <paramref name="pagedAbove"/> fields is read from a copy
    /// in pages.
    /// </summary>
    public static async Task<(string Name, RedisKey Key, StoredFamily Family)> ReadAsync(
        IDatabase database, RedisKeys keys, string name, MetricMetadata? metadata, int pagedAbove)
    {
        var perInstance = metadata?.Mode.IsPerInstance() == true;
        var key = perInstance ? keys.InstanceGauge(name) : keys.Data(name);
        var nativeRead = metadata is { Native: true } or { Window: not null }
            ? ReadNativeAsync(database, keys.NativeParts(name, metadata), pagedAbove)
            : Task.FromResult<List<NativeSeriesTotals>>([]);
        var exemplarsRead = metadata?.Type is MetricType.Counter or MetricType.Histogram
            ? ReadExemplarsAsync(database, keys.Exemplars(name, metadata), pagedAbove)
            : Task.FromResult<(Dictionary<string, Exemplar>?, bool)>((null, false));
        var samples = new StoredFields();
        var instanceSamples = new List<InstanceSample>();
        var notANumber = 0;
        var unparsable = 0;
        try
        {
            await RedisHashRead.ReadAsync(database, key, pagedAbove, entry =>
            {
                if (!RedisFloat.TryParse(entry.Value, out var value))
                {
                    notANumber++;
                }
                else if (!perInstance)
                {
                    // A bulk reply is always bytes: copied as they are, not decoded.
                    samples.Add(((ReadOnlyMemory<byte>)entry.Name).Span, value);
                }
                else if (InstanceField.TrySplit(entry.Name!, out var instanceId, out var subkey))
                {
                    instanceSamples.Add(new InstanceSample(instanceId, subkey, value));
                }
                else
                {
                    unparsable++;
                }
            },
            size: perInstance ? null : samples.EnsureCapacity).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (IsWrongType(e))
        {
            samples.Dispose();
            Observe(exemplarsRead);
            Observe(nativeRead);
            return (name, key, new StoredFamily(name, metadata, []) { NotAHashKeys = 1 });
        }
        catch
        {
            samples.Dispose();
            throw;
        }

        var (exemplars, exemplarsNotAHash) = await exemplarsRead.ConfigureAwait(false);
        var native = await nativeRead.ConfigureAwait(false);
        var family = new StoredFamily(name, metadata, samples, instanceSamples, exemplars)
        {
            NotAHashKeys = exemplarsNotAHash ? 1 : 0,
            NotANumberValues = notANumber,
            UnparsableFields = unparsable,
            NativeSeries = native,
        };
        return (name, key, family);
    }

    /// <summary>A family's stored exemplars (null when there are none), and whether their key is not a hash.</summary>
    private static async Task<(Dictionary<string, Exemplar>? Exemplars, bool NotAHash)> ReadExemplarsAsync(
        IDatabase database, RedisKey key, int pagedAbove)
    {
        try
        {
            var entries = new List<KeyValuePair<string, string>>();
            await RedisHashRead.ReadAsync(database, key, pagedAbove, e => entries.Add(new(e.Name!, e.Value!))).ConfigureAwait(false);
            return (ExemplarJson.ParseAll(entries), false);
        }
        catch (RedisServerException e) when (IsWrongType(e))
        {
            return (null, true);
        }
    }

    private static bool IsWrongType(RedisServerException e) => e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal);

    /// <summary>A native histogram's stored series, or a summary's sketch slots; none when the key is not a hash.</summary>
    private static async Task<List<NativeSeriesTotals>> ReadNativeAsync(IDatabase database, RedisKey key, int pagedAbove)
    {
        try
        {
            var hash = new RedisNativeHash();
            await RedisHashRead.ReadAsync(database, key, pagedAbove, hash.Add).ConfigureAwait(false);
            return hash.ToSeries();
        }
        catch (RedisServerException e) when (IsWrongType(e))
        {
            return [];
        }
    }

    /// <summary>Keeps an abandoned reply task's eventual failure from surfacing as an unobserved exception.</summary>
    private static void Observe(Task replies) =>
        replies.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
