using System.Globalization;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Stores metric families in Redis in the seed's layout: one hash <c>{prefix}_{family}</c> per family, fields
/// <c>{suffix}:{labels json}</c>, each key expiring <see cref="RedisStoreSettings.Expiry"/> after its last write.
/// Metadata, an index of family names and per-instance flush markers live in <c>{prefix}:dm:…</c> keys.
/// </summary>
/// <remarks>
/// <para>
/// A flush runs as Lua scripts of at most <see cref="RedisStoreSettings.MaxWritesPerScript"/> writes each, sent
/// pipelined. Each script is atomic and records the marker (sequence, chunk) of its instance, so a retried flush
/// skips what already landed; a chunk whose predecessor is missing is refused, so chunks apply in order. A family,
/// or for a family larger than one script each series, is never split between scripts.
/// </para>
/// <para>
/// On a Redis Cluster the prefix must carry a hash tag, e.g. <c>{shop}</c>, so that all keys of the prefix share
/// one hash slot; otherwise a flush fails with an <see cref="InvalidOperationException"/> that says so.
/// </para>
/// <para>Calls of one instance id must not overlap: a flush is applied before the next one starts.</para>
/// </remarks>
internal sealed class RedisMetricStore : IMetricStore
{
    /// <summary>The order in which <see cref="RedisScripts.ApplyChunk"/> takes each family part's writes.</summary>
    private static readonly WriteKind[] WriteKindsInScriptOrder = [WriteKind.Add, WriteKind.Set, WriteKind.SetIfAbsent];

    private readonly RedisStoreSettings settings;
    private readonly RedisKeys keys;
    private readonly RedisConnection connection;
    private readonly ForeignFamilyScanner scanner;
    private long rejectedWrites;
    private long skippedKeys;
    private long skippedFields;

    /// <summary>Validates the settings; does not connect (the first call does).</summary>
    public RedisMetricStore(RedisStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(settings.Prefix, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Expiry, TimeSpan.FromMilliseconds(1), nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxWritesPerScript, 1, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ScanInterval, TimeSpan.Zero, nameof(settings));
        this.settings = settings;
        keys = new RedisKeys(settings.Prefix);
        connection = new RedisConnection(settings.Configuration, settings.ConnectionFactory);
        scanner = new ForeignFamilyScanner(keys, settings.ScanInterval);
    }

    /// <summary>Field writes Redis refused (a field or key holding something else than a number hash), skipped.</summary>
    public long RejectedWrites => Interlocked.Read(ref rejectedWrites);

    /// <summary>Keys under the prefix skipped on read because they are not hashes.</summary>
    public long SkippedKeys => Interlocked.Read(ref skippedKeys);

    /// <summary>Fields skipped on read because their value is not a number.</summary>
    public long SkippedFields => Interlocked.Read(ref skippedFields);

    /// <inheritdoc/>
    /// <exception cref="TimeoutException">Redis did not answer in time; the batch may have landed: retry it as is.</exception>
    public async Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var chunks = WriteChunkPlanner.Plan(batch.Families, settings.MaxWritesPerScript);
        if (chunks.Count == 0)
        {
            return;
        }

        var multiplexer = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var database = multiplexer.GetDatabase();
        var markerKey = keys.Sequence(batch.InstanceId);
        var expiry = ((long)settings.Expiry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        RedisResult[] results;
        try
        {
            var calls = new Task<RedisResult>[chunks.Count];
            for (var i = 0; i < chunks.Count; i++)
            {
                var previous = i == 0 ? string.Empty : FlushMarker.Of(batch.Sequence, i - 1);
                calls[i] = database.ScriptEvaluateAsync(
                    RedisScripts.ApplyChunk,
                    ChunkKeys(markerKey, chunks[i]),
                    ChunkArguments(FlushMarker.Of(batch.Sequence, i), previous, expiry, chunks[i]));
            }

            var all = Task.WhenAll(calls);
            await AwaitRedis(all, cancellationToken).ConfigureAwait(false);
            results = await all.ConfigureAwait(false);
        }
        catch (Exception e) when (IsCrossSlot(e))
        {
            throw CrossSlotError(e);
        }

        for (var i = 0; i < results.Length; i++)
        {
            var reply = (RedisResult[])results[i]!;
            if ((long)reply[0] < 0)
            {
                throw new InvalidOperationException(
                    $"Chunk {i} of batch {batch.Sequence} of instance '{batch.InstanceId}' was not applied because "
                    + "the chunk before it never reached Redis; retry the batch.");
            }

            Interlocked.Add(ref rejectedWrites, (long)reply[1]);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredFamily>> ReadAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var database = multiplexer.GetDatabase();
        var indexRead = database.SetMembersAsync(keys.Index);
        var metadataRead = database.HashGetAllAsync(keys.Metadata);
        var foreignScan = scanner.GetAsync(multiplexer, database.Database, cancellationToken);
        await AwaitRedis(Task.WhenAll(indexRead, metadataRead, foreignScan), cancellationToken).ConfigureAwait(false);

        var indexed = new HashSet<string>((await indexRead.ConfigureAwait(false)).Select(m => (string)m!), StringComparer.Ordinal);
        var names = new SortedSet<string>(indexed, StringComparer.Ordinal);
        names.UnionWith(await foreignScan.ConfigureAwait(false));
        var metadata = (await metadataRead.ConfigureAwait(false)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);

        var reads = names.Select(name => ReadFamilyAsync(database, name)).ToArray();
        var allReads = Task.WhenAll(reads);
        await AwaitRedis(allReads, cancellationToken).ConfigureAwait(false);
        var families = await allReads.ConfigureAwait(false);

        var result = new List<StoredFamily>(families.Length);
        var expired = new List<string>();
        foreach (var (name, samples) in families)
        {
            if (samples is null)
            {
                continue;
            }

            if (samples.Count == 0)
            {
                if (indexed.Contains(name))
                {
                    expired.Add(name);
                }

                continue;
            }

            var stored = metadata.TryGetValue(name, out var json) ? MetricMetadata.TryParse(name, json) : null;
            result.Add(new StoredFamily(name, stored, samples));
        }

        await ForgetAsync(database, expired, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Closes the multiplexer when the store created it.</summary>
    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private RedisKey[] ChunkKeys(RedisKey markerKey, IReadOnlyList<FamilyWrite> chunk)
    {
        var chunkKeys = new RedisKey[3 + chunk.Count];
        chunkKeys[0] = markerKey;
        chunkKeys[1] = keys.Index;
        chunkKeys[2] = keys.Metadata;
        for (var i = 0; i < chunk.Count; i++)
        {
            chunkKeys[3 + i] = keys.Data(chunk[i].Metadata.Name);
        }

        return chunkKeys;
    }

    private static RedisValue[] ChunkArguments(string marker, string previous, string expiry, IReadOnlyList<FamilyWrite> chunk)
    {
        var arguments = new List<RedisValue>(3 + chunk.Sum(f => 5 + (2 * f.Samples.Count))) { marker, previous, expiry };
        foreach (var family in chunk)
        {
            arguments.Add(family.Metadata.Name);
            arguments.Add(family.Metadata.ToJson());
            var known = 0;
            foreach (var kind in WriteKindsInScriptOrder)
            {
                var count = family.Samples.Count(sample => sample.Kind == kind);
                arguments.Add(count);
                known += count;
            }

            if (known != family.Samples.Count)
            {
                throw new InvalidOperationException($"The Redis store cannot apply a write kind of family '{family.Metadata.Name}'.");
            }

            foreach (var kind in WriteKindsInScriptOrder)
            {
                foreach (var sample in family.Samples)
                {
                    if (sample.Kind == kind)
                    {
                        arguments.Add(sample.Subkey);
                        arguments.Add(RedisFloat.Format(sample.Value));
                    }
                }
            }
        }

        return [.. arguments];
    }

    /// <summary>One family's fields; null samples when the key is not a hash (skipped and counted).</summary>
    private async Task<(string Name, List<StoredSample>? Samples)> ReadFamilyAsync(IDatabase database, string name)
    {
        HashEntry[] entries;
        try
        {
            entries = await database.HashGetAllAsync(keys.Data(name)).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref skippedKeys);
            return (name, null);
        }

        var samples = new List<StoredSample>(entries.Length);
        foreach (var entry in entries)
        {
            if (RedisFloat.TryParse(entry.Value, out var value))
            {
                samples.Add(new StoredSample(entry.Name!, value));
            }
            else
            {
                Interlocked.Increment(ref skippedFields);
            }
        }

        return (name, samples);
    }

    /// <summary>Drops expired families from the index and the metadata (each only if its hash is still gone).</summary>
    private async Task ForgetAsync(IDatabase database, List<string> expired, CancellationToken cancellationToken)
    {
        if (expired.Count == 0)
        {
            return;
        }

        try
        {
            var calls = expired.Select(name => database.ScriptEvaluateAsync(
                RedisScripts.ForgetExpiredFamily,
                [keys.Index, keys.Metadata, keys.Data(name)],
                [name])).ToArray();
            await AwaitRedis(Task.WhenAll(calls), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCrossSlot(e))
        {
            throw CrossSlotError(e);
        }
    }

    /// <summary>Awaits Redis replies for at most the connection's operation timeout.</summary>
    private async Task AwaitRedis(Task replies, CancellationToken cancellationToken)
    {
        try
        {
            await replies.WaitAsync(connection.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            Observe(replies);
            throw new TimeoutException(
                $"Redis did not answer within {connection.OperationTimeout.TotalMilliseconds} ms; a flush may or may "
                + "not have been applied: retry it with the same sequence.", e);
        }
        catch (OperationCanceledException)
        {
            Observe(replies);
            throw;
        }
    }

    /// <summary>A cluster's CROSSSLOT refusal (from the server, or from the client before sending), with the fix.</summary>
    private InvalidOperationException CrossSlotError(Exception e) =>
        new("Redis Cluster refused the script because its keys are in different hash slots. On a cluster, give the "
            + $"prefix a hash tag, e.g. \"{{{settings.Prefix}}}\" instead of \"{settings.Prefix}\", so that every key "
            + "of the prefix is in one slot.",
            e);

    private static bool IsCrossSlot(Exception e) =>
        e is RedisException or RedisCommandException
        && (e.Message.Contains("CROSSSLOT", StringComparison.Ordinal)
            || e.Message.Contains("single slot", StringComparison.OrdinalIgnoreCase));

    /// <summary>Keeps an abandoned reply task's eventual failure from surfacing as an unobserved exception.</summary>
    private static void Observe(Task replies) =>
        replies.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
