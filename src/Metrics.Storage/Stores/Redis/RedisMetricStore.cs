using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
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
/// On a Redis Cluster a prefix with a hash tag, e.g. <c>{shop}</c>, keeps every key in one slot, as on a single
/// server. A prefix without one spreads the families over the slots (see <see cref="RedisKeys"/>): a flush sends
/// the scripts of each slot, each slot with its own markers, so a family is always applied whole and exactly once,
/// while two families on different masters may be one flush apart in a scrape.
/// </para>
/// <para>Calls of one instance id must not overlap: a flush is applied before the next one starts.</para>
/// </remarks>
internal sealed class RedisMetricStore : IMetricStore, IReportsRestoredConnection
{
    /// <summary>How many families a read has in flight at most: pipelined, but never every family's reply at once.</summary>
    internal const int ReadAhead = 16;

    private readonly RedisStoreSettings settings;
    private readonly RedisConnection connection;
    private readonly ForeignFamilyScanner scanner;
    private RedisKeys? layout;
    private long rejectedWrites;

    /// <summary>Validates the settings; does not connect (the first call does).</summary>
    public RedisMetricStore(RedisStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(settings.Prefix, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Expiry, TimeSpan.FromMilliseconds(1), nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxWritesPerScript, 1, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ScanInterval, TimeSpan.Zero, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WaitForReplicas, 0, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.PagedReadFields, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ReplicaWaitTimeout, TimeSpan.FromMilliseconds(1), nameof(settings));
        this.settings = settings;
        connection = new RedisConnection(settings);
        scanner = new ForeignFamilyScanner(settings.ScanInterval);
    }

    /// <summary>Field writes Redis refused (a field or key holding something else than a number hash), skipped.</summary>
    public long RejectedWrites => Interlocked.Read(ref rejectedWrites);

    /// <inheritdoc/>
    /// <exception cref="TimeoutException">Redis did not answer in time; the batch may have landed: retry it as is.</exception>
    /// <exception cref="MetadataConflictException">Families declared differently by another writer were refused.</exception>
    public async Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (database, keys) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var plan = SlotChunkPlanner.Plan(batch.Families, settings.MaxWritesPerScript, keys);
        if (plan.Count == 0)
        {
            return;
        }

        var expiry = ((long)settings.Expiry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var calls = new List<(IReadOnlyList<FamilyWrite> Chunk, Task<RedisResult> Reply)>();
        foreach (var slot in plan)
        {
            var markerKey = keys.Sequence(batch.InstanceId, slot.Slot);
            for (var i = 0; i < slot.Chunks.Count; i++)
            {
                var previous = i == 0 ? string.Empty : FlushMarker.Of(batch.Sequence, i - 1);
                calls.Add((slot.Chunks[i], database.ScriptEvaluateAsync(
                    RedisScripts.ApplyChunk,
                    ChunkKeys(keys, markerKey, slot.Slot, slot.Chunks[i]),
                    ChunkArguments.Build(FlushMarker.Of(batch.Sequence, i), previous, expiry, batch.InstanceId, slot.Chunks[i]))));
            }
        }

        Task registration = keys.Spread
            ? database.ScriptEvaluateAsync(RedisScripts.RegisterSlots, [keys.Slots], [expiry, .. plan.Select(s => (RedisValue)s.Slot)])
            : Task.CompletedTask;
        await AwaitRedis(Task.WhenAll(calls.Select(c => (Task)c.Reply).Append(registration)), cancellationToken).ConfigureAwait(false);
        if (settings.WaitForReplicas > 0)
        {
            await WaitForReplicasAsync(database, plan.Select(s => keys.Sequence(batch.InstanceId, s.Slot)), cancellationToken).ConfigureAwait(false);
        }

        var conflicts = new Dictionary<string, MetadataConflict>(StringComparer.Ordinal);
        foreach (var (chunk, call) in calls)
        {
            var reply = (RedisResult[])(await call.ConfigureAwait(false))!;
            if ((long)reply[0] < 0)
            {
                throw new InvalidOperationException(
                    $"A chunk of batch {batch.Sequence} of instance '{batch.InstanceId}' was not applied because "
                    + "the chunk before it never reached Redis; retry the batch.");
            }

            Interlocked.Add(ref rejectedWrites, (long)reply[1]);
            AddConflicts(conflicts, chunk, reply);
        }

        if (conflicts.Count > 0)
        {
            throw new MetadataConflictException([.. conflicts.Values]);
        }
    }

    /// <summary>
    /// Sends <c>WAIT</c> to every master that holds one of <paramref name="markerKeys"/> (one per slot written), on the
    /// connection that carried the scripts, so it covers them; throws when fewer replicas than required acknowledged.
    /// </summary>
    private async Task WaitForReplicasAsync(IDatabase database, IEnumerable<RedisKey> markerKeys, CancellationToken cancellationToken)
    {
        var owners = Task.WhenAll(markerKeys.Select(key => database.IdentifyEndpointAsync(key)));
        await AwaitRedis(owners, cancellationToken).ConfigureAwait(false);
        var masters = (await owners.ConfigureAwait(false)).OfType<EndPoint>().Distinct().ToArray();
        var timeout = (long)settings.ReplicaWaitTimeout.TotalMilliseconds;
        var waits = Task.WhenAll(masters.Select(master =>
            database.Multiplexer.GetServer(master).ExecuteAsync("WAIT", settings.WaitForReplicas, timeout)));
        await AwaitRedis(waits, cancellationToken).ConfigureAwait(false);
        var acknowledged = await waits.ConfigureAwait(false);
        for (var i = 0; i < masters.Length; i++)
        {
            if ((long)acknowledged[i] < settings.WaitForReplicas)
            {
                throw new ReplicationTimeoutException(
                    $"Redis WAIT: {(long)acknowledged[i]} of the {settings.WaitForReplicas} replicas required (RedisWaitForReplicas) of "
                    + $"{masters[i]} acknowledged the flush within {timeout} ms; it is retried, and what already "
                    + "landed is skipped.");
            }
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
    /// <remarks>
    /// Lists the families (the index and metadata of each slot, and the scan for families the seed wrote), then reads
    /// them in name order with at most <see cref="ReadAhead"/> of them in flight, each hash read whole at one moment
    /// (<see cref="RedisHashRead"/>: a histogram's <c>_count</c> equals its <c>+Inf</c> bucket). Indexed families whose
    /// hash expired are dropped from the index and metadata once the read is done.
    /// </remarks>
    public async IAsyncEnumerable<StoredFamily> ReadFamiliesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (database, keys) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // The bookkeeping is read after the scan (usually a cached one): a family the scan found was written by a script
        // that wrote its metadata too, so only the seed's families are left without. Read together, a family first
        // written between the two would be served as the seed's (no help, a type guessed from its fields).
        var foreignScan = scanner.GetAsync(database.Multiplexer, keys, database.Database, cancellationToken);
        await AwaitRedis(foreignScan, cancellationToken).ConfigureAwait(false);
        var slots = await ReadSlotsAsync(database, keys, cancellationToken).ConfigureAwait(false);
        var indexReads = slots.Select(slot => database.SetMembersAsync(keys.Index(slot))).ToArray();
        var metadataReads = slots.Select(slot => database.HashGetAllAsync(keys.Metadata(slot))).ToArray();
        await AwaitRedis(Task.WhenAll(Task.WhenAll(indexReads), Task.WhenAll(metadataReads)), cancellationToken)
            .ConfigureAwait(false);

        var indexed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var read in indexReads)
        {
            indexed.UnionWith((await read.ConfigureAwait(false)).Select(m => (string)m!));
        }

        var names = new SortedSet<string>(indexed, StringComparer.Ordinal);
        names.UnionWith(await foreignScan.ConfigureAwait(false));
        var metadata = new Dictionary<string, MetricMetadata?>(StringComparer.Ordinal);
        foreach (var read in metadataReads)
        {
            foreach (var entry in await read.ConfigureAwait(false))
            {
                metadata[(string)entry.Name!] = MetricMetadata.TryParse((string)entry.Name!, (string)entry.Value!);
            }
        }

        var expired = new List<(string Name, RedisKey Key)>();
        var inFlight = new Queue<Task<(string Name, RedisKey Key, StoredFamily Family)>>();
        using var next = names.GetEnumerator();
        try
        {
            while (true)
            {
                while (inFlight.Count < ReadAhead && next.MoveNext())
                {
                    inFlight.Enqueue(RedisFamilyReader.ReadAsync(
                        database, keys, next.Current, metadata.GetValueOrDefault(next.Current), settings.PagedReadFields));
                }

                if (!inFlight.TryDequeue(out var read))
                {
                    break;
                }

                await AwaitRedis(read, cancellationToken).ConfigureAwait(false);
                var (name, key, family) = await read.ConfigureAwait(false);
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
                yield return family;
            }
        }
        finally
        {
            // A read given up on (a failure, or the caller stopping) leaves replies nobody awaits.
            foreach (var read in inFlight)
            {
                Observe(read);
            }
        }

        await ForgetAsync(database, keys, expired, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken)
    {
        var (database, keys) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var timeout = instanceTimeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
        var call = database.ScriptEvaluateAsync(
            RedisScripts.Heartbeat,
            [keys.Instances],
            [instanceId, timeout, (long)settings.Expiry.TotalMilliseconds, InstanceCleanup.MaxDeadPerHeartbeat]);
        await AwaitRedis(call, cancellationToken).ConfigureAwait(false);
        var reply = (RedisResult[])(await call.ConfigureAwait(false))!;
        var dead = ((RedisResult[])reply[1]!).Select(r => (string)r!).ToArray();
        if (dead.Length > 0)
        {
            await ForgetInstancesAsync(database, keys, dead, timeout, cancellationToken).ConfigureAwait(false);
        }

        return (long)reply[0] == 1;
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
        var (database, keys) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var call = database.ScriptEvaluateAsync(RedisScripts.ReadInstances, [keys.Instances]);
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

    /// <summary>
    /// The database and the key layout, connecting on first use. The layout is chosen once: spread over the slots when
    /// the prefix has no hash tag and the server is a cluster, else one slot. While no server is connected yet, the call
    /// gets the one-slot layout without keeping it: its commands fail as they always did (a refused or unreachable
    /// server, named by the client's own error), and the first call after the connection decides.
    /// </summary>
    private async Task<(IDatabase Database, RedisKeys Keys)> OpenAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var database = multiplexer.GetDatabase();
        if (layout is { } known)
        {
            return (database, known);
        }

        if (RedisHashSlot.HasHashTag(settings.Prefix))
        {
            return (database, layout = new RedisKeys(settings.Prefix));
        }

        if (!multiplexer.GetServers().Any(s => s.IsConnected))
        {
            // Whether it is a cluster is not known yet; the call fails as it always did, and a later one decides.
            return (database, new RedisKeys(settings.Prefix));
        }

        var cluster = multiplexer.GetServers().Any(s => s.IsConnected && s.ServerType == ServerType.Cluster);
        return (database, layout = new RedisKeys(settings.Prefix, spread: cluster));
    }

    /// <summary>The slots whose index and metadata a scrape reads: those listed in <see cref="RedisKeys.Slots"/> when spread, else 0.</summary>
    private async Task<int[]> ReadSlotsAsync(IDatabase database, RedisKeys keys, CancellationToken cancellationToken)
    {
        if (!keys.Spread)
        {
            return [0];
        }

        var read = database.SetMembersAsync(keys.Slots);
        await AwaitRedis(read, cancellationToken).ConfigureAwait(false);
        return [.. (await read.ConfigureAwait(false))
            .Select(m => int.TryParse((string?)m, NumberStyles.None, CultureInfo.InvariantCulture, out var slot) ? slot : -1)
            .Where(slot => slot is >= 0 and < RedisHashSlot.Count)];
    }

    private static RedisKey[] ChunkKeys(RedisKeys keys, RedisKey markerKey, int slot, IReadOnlyList<FamilyWrite> chunk)
    {
        var chunkKeys = new RedisKey[3 + (3 * chunk.Count)];
        chunkKeys[0] = markerKey;
        chunkKeys[1] = keys.Index(slot);
        chunkKeys[2] = keys.Metadata(slot);
        for (var i = 0; i < chunk.Count; i++)
        {
            var metadata = chunk[i].Metadata;
            chunkKeys[3 + (3 * i)] = keys.Family(metadata);
            chunkKeys[4 + (3 * i)] = keys.Exemplars(metadata.Name, metadata);
            chunkKeys[5 + (3 * i)] = keys.NativeParts(metadata.Name, metadata);
        }

        return chunkKeys;
    }

    /// <summary>Removes dead instances' values of the Live* gauges and their heartbeats (each only if still dead).</summary>
    private async Task ForgetInstancesAsync(IDatabase database, RedisKeys keys, string[] dead, string timeout, CancellationToken cancellationToken)
    {
        var metadataRead = database.HashGetAllAsync(keys.Metadata(keys.PerInstanceSlot));
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

    /// <summary>Drops expired families from the index and the metadata of their slot (each only if its hash is still gone).</summary>
    private async Task ForgetAsync(
        IDatabase database,
        RedisKeys keys,
        List<(string Name, RedisKey Key)> expired,
        Dictionary<string, MetricMetadata?> metadata,
        CancellationToken cancellationToken)
    {
        if (expired.Count == 0)
        {
            return;
        }

        var calls = expired.Select(family =>
        {
            var slot = keys.ScriptSlot(family.Name, metadata.GetValueOrDefault(family.Name));
            return database.ScriptEvaluateAsync(
                RedisScripts.ForgetExpiredFamily, [keys.Index(slot), keys.Metadata(slot), family.Key], [family.Name]);
        }).ToArray();
        await AwaitRedis(Task.WhenAll(calls), cancellationToken).ConfigureAwait(false);
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
        catch (Exception e) when (RedisAccessErrors.TryExplain(e, out var refusal)
            || (e is RedisConnectionException && connection.LastConnectionFailure is { } failure
                && RedisAccessErrors.TryExplain(new AggregateException(e, failure), out refusal)))
        {
            throw refusal;
        }
    }

    /// <summary>Keeps an abandoned reply task's eventual failure from surfacing as an unobserved exception.</summary>
    private static void Observe(Task replies) =>
        replies.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
