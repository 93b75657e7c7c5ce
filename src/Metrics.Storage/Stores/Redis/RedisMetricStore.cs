using System.Globalization;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Stores metric families in Redis in the seed's layout: one hash <c>{prefix}_{family}</c> per family, fields
/// <c>{suffix}:{labels json}</c>, each key expiring <see cref="RedisStoreSettings.Expiry"/> after its last write.
/// Metadata, an index of family names, per-instance flush markers, heartbeats, the per-instance gauge values
/// (<see cref="RedisKeys.InstanceGauge"/>) and exemplars (<see cref="RedisKeys.Exemplars"/>) live in
/// <c>{prefix}:dm:…</c> keys.
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
internal sealed class RedisMetricStore : IMetricStore, IReportsRestoredConnection
{
    private readonly RedisStoreSettings settings;
    private readonly RedisKeys keys;
    private readonly RedisConnection connection;
    private readonly ForeignFamilyScanner scanner;
    private readonly RedisFamilyReader familyReader;
    private long rejectedWrites;

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
        connection = new RedisConnection(settings);
        scanner = new ForeignFamilyScanner(keys, settings.ScanInterval);
        familyReader = new RedisFamilyReader(keys);
    }

    /// <summary>Field writes Redis refused (a field or key holding something else than a number hash), skipped.</summary>
    public long RejectedWrites => Interlocked.Read(ref rejectedWrites);

    /// <inheritdoc/>
    /// <exception cref="TimeoutException">Redis did not answer in time; the batch may have landed: retry it as is.</exception>
    /// <exception cref="MetadataConflictException">Families declared differently by another writer were refused.</exception>
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
                    ChunkArguments.Build(FlushMarker.Of(batch.Sequence, i), previous, expiry, batch.InstanceId, chunks[i]));
            }

            var all = Task.WhenAll(calls);
            await AwaitRedis(all, cancellationToken).ConfigureAwait(false);
            results = await all.ConfigureAwait(false);
        }
        catch (Exception e) when (IsCrossSlot(e))
        {
            throw CrossSlotError(e);
        }

        var conflicts = new Dictionary<string, MetadataConflict>(StringComparer.Ordinal);
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
            AddConflicts(conflicts, chunks[i], reply);
        }

        if (conflicts.Count > 0)
        {
            throw new MetadataConflictException([.. conflicts.Values]);
        }
    }

    /// <summary>Collects the families a chunk refused (name, stored metadata pairs after the first two reply items).</summary>
    private static void AddConflicts(Dictionary<string, MetadataConflict> conflicts, IReadOnlyList<FamilyWrite> chunk, RedisResult[] reply)
    {
        for (var r = 2; r + 1 < reply.Length; r += 2)
        {
            var name = (string)reply[r]!;
            var declared = chunk.First(f => f.Metadata.Name == name).Metadata;
            if (MetricMetadata.TryParse(name, (string)reply[r + 1]!) is { } stored)
            {
                conflicts.TryAdd(name, new MetadataConflict(declared, stored));
            }
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
        var metadata = (await metadataRead.ConfigureAwait(false)).ToDictionary(
            e => (string)e.Name!, e => MetricMetadata.TryParse((string)e.Name!, (string)e.Value!), StringComparer.Ordinal);

        var reads = names.Select(name => familyReader.ReadAsync(database, name, metadata.GetValueOrDefault(name))).ToArray();
        var allReads = Task.WhenAll(reads);
        await AwaitRedis(allReads, cancellationToken).ConfigureAwait(false);
        var families = await allReads.ConfigureAwait(false);

        var result = new List<StoredFamily>(families.Length);
        var expired = new List<(string Name, RedisKey Key)>();
        foreach (var (name, key, family) in families)
        {
            var isEmpty = family.Samples.Count == 0 && family.InstanceSamples is not { Count: > 0 };
            if (isEmpty && family.NotAHashKeys == 0 && family.NotANumberValues == 0 && family.UnparsableFields == 0)
            {
                if (indexed.Contains(name))
                {
                    expired.Add((name, key));
                }

                continue;
            }

            // Kept when it holds only what could not be read, so that the read reports it.
            result.Add(family);
        }

        await ForgetAsync(database, expired, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc/>
    public async Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var database = multiplexer.GetDatabase();
        var timeout = instanceTimeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
        try
        {
            var call = database.ScriptEvaluateAsync(
                RedisScripts.Heartbeat,
                [keys.Instances],
                [instanceId, timeout, (long)settings.Expiry.TotalMilliseconds, InstanceCleanup.MaxDeadPerHeartbeat]);
            await AwaitRedis(call, cancellationToken).ConfigureAwait(false);
            var reply = (RedisResult[])(await call.ConfigureAwait(false))!;
            var dead = ((RedisResult[])reply[1]!).Select(r => (string)r!).ToArray();
            if (dead.Length > 0)
            {
                await ForgetInstancesAsync(database, dead, timeout, cancellationToken).ConfigureAwait(false);
            }

            return (long)reply[0] == 1;
        }
        catch (Exception e) when (IsCrossSlot(e))
        {
            throw CrossSlotError(e);
        }
    }

    /// <inheritdoc/>
    public event Action? ConnectionRestored
    {
        add => connection.Restored += value;
        remove => connection.Restored -= value;
    }

    /// <inheritdoc/>
    /// <remarks>A <c>PING</c>, bounded by the operation timeout.</remarks>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        await AwaitRedis(multiplexer.GetDatabase().PingAsync(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InstanceHeartbeat>> ReadInstancesAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var call = multiplexer.GetDatabase().ScriptEvaluateAsync(RedisScripts.ReadInstances, [keys.Instances]);
        await AwaitRedis(call, cancellationToken).ConfigureAwait(false);
        var reply = (RedisResult[])(await call.ConfigureAwait(false))!;
        var now = (double)(long)reply[0] + ((long)reply[1] / 1e6);
        var entries = (RedisResult[])reply[2]!;
        var instances = new List<InstanceHeartbeat>(entries.Length / 2);
        for (var i = 0; i + 1 < entries.Length; i += 2)
        {
            if (double.TryParse((string)entries[i + 1]!, NumberStyles.Float, CultureInfo.InvariantCulture, out var beat))
            {
                instances.Add(new InstanceHeartbeat((string)entries[i]!, TimeSpan.FromSeconds(Math.Max(0, now - beat))));
            }
        }

        return instances;
    }

    /// <summary>Closes the multiplexer when the store created it.</summary>
    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private RedisKey[] ChunkKeys(RedisKey markerKey, IReadOnlyList<FamilyWrite> chunk)
    {
        var chunkKeys = new RedisKey[3 + (3 * chunk.Count)];
        chunkKeys[0] = markerKey;
        chunkKeys[1] = keys.Index;
        chunkKeys[2] = keys.Metadata;
        for (var i = 0; i < chunk.Count; i++)
        {
            chunkKeys[3 + (3 * i)] = keys.Family(chunk[i].Metadata);
            chunkKeys[4 + (3 * i)] = keys.Exemplars(chunk[i].Metadata.Name);
            chunkKeys[5 + (3 * i)] = keys.Native(chunk[i].Metadata.Name);
        }

        return chunkKeys;
    }

    /// <summary>Removes dead instances' values of the Live* gauges and their heartbeats (each only if still dead).</summary>
    private async Task ForgetInstancesAsync(IDatabase database, string[] dead, string timeout, CancellationToken cancellationToken)
    {
        var metadataRead = database.HashGetAllAsync(keys.Metadata);
        await AwaitRedis(metadataRead, cancellationToken).ConfigureAwait(false);
        var liveGauges = (await metadataRead.ConfigureAwait(false))
            .Select(e => MetricMetadata.TryParse((string)e.Name!, (string)e.Value!))
            .Where(m => m is not null && m.Mode.IsLive())
            .Select(m => keys.InstanceGauge(m!.Name));
        RedisKey[] forgetKeys = [keys.Instances, .. liveGauges];
        var calls = dead.Select(id => database.ScriptEvaluateAsync(
            RedisScripts.ForgetInstance, forgetKeys, [id, InstanceField.Prefix(id), timeout])).ToArray();
        await AwaitRedis(Task.WhenAll(calls), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops expired families from the index and the metadata (each only if its hash is still gone).</summary>
    private async Task ForgetAsync(IDatabase database, List<(string Name, RedisKey Key)> expired, CancellationToken cancellationToken)
    {
        if (expired.Count == 0)
        {
            return;
        }

        try
        {
            var calls = expired.Select(family => database.ScriptEvaluateAsync(
                RedisScripts.ForgetExpiredFamily,
                [keys.Index, keys.Metadata, family.Key],
                [family.Name])).ToArray();
            await AwaitRedis(Task.WhenAll(calls), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCrossSlot(e))
        {
            throw CrossSlotError(e);
        }
    }

    /// <summary>
    /// Awaits Redis replies for at most the connection's operation timeout; a refusal of access becomes a
    /// <see cref="StoreAccessException"/> that names it.
    /// </summary>
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
                $"Redis did not answer within {connection.OperationTimeout.TotalMilliseconds} ms (the client's operation "
                + "timeout: asyncTimeout, else syncTimeout, in the Redis configuration string); an unanswered write may "
                + "or may not have been applied, so a flush is retried with the same sequence.", e);
        }
        catch (OperationCanceledException)
        {
            Observe(replies);
            throw;
        }
        catch (Exception e) when (RedisAccessErrors.TryExplain(e, out var refusal))
        {
            throw refusal;
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
