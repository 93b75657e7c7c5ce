using System.Diagnostics;

namespace Prometheus.Distributed.Stores.InMemory;

/// <summary>
/// A store inside this process: for tests and single-process apps. Applies batches under one lock, so reads
/// never see half a batch, and skips a batch already applied for its instance. Per-instance gauge values,
/// exemplars and heartbeats are kept beside the seed-layout fields.
/// </summary>
internal sealed class InMemoryMetricStore : IMetricStore
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, Family> families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> lastSequence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> heartbeats = new(StringComparer.Ordinal);

    /// <inheritdoc />
    /// <exception cref="MetadataConflictException">Families declared differently by another writer were refused.</exception>
    public Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        var conflicts = new List<MetadataConflict>();
        lock (gate)
        {
            if (lastSequence.TryGetValue(batch.InstanceId, out var last) && batch.Sequence <= last)
            {
                return Task.CompletedTask;
            }

            foreach (var write in batch.Families)
            {
                if (!families.TryGetValue(write.Metadata.Name, out var family))
                {
                    families[write.Metadata.Name] = family = new Family();
                }
                else if (family.Metadata is { } stored && !stored.IsCompatibleWith(write.Metadata))
                {
                    conflicts.Add(new MetadataConflict(write.Metadata, stored));
                    continue;
                }

                family.Metadata = write.Metadata;
                var perInstance = write.Metadata.Mode.IsPerInstance();
                foreach (var sample in write.Samples)
                {
                    if (sample.Kind is WriteKind.Remove or WriteKind.Clear)
                    {
                        family.Remove(sample);
                    }
                    else if (perInstance)
                    {
                        family.InstanceFields[(batch.InstanceId, sample.Subkey)] = sample.Value;
                    }
                    else
                    {
                        Apply(family.Fields, sample);
                    }

                    if (sample.Exemplar is { } exemplar)
                    {
                        family.Exemplars[sample.Subkey] = ExemplarJson.Write(exemplar);
                    }
                }

                foreach (var native in write.NativeSeries)
                {
                    if (native.RemovesStored)
                    {
                        family.RemoveNative(native.LabelsJson, everySlot: write.SketchSlot is not null);
                    }

                    if (native.OnlyRemoves)
                    {
                        continue;
                    }

                    var key = write.SketchSlot is { } slot ? SketchSlots.Key(slot, native.LabelsJson) : native.LabelsJson;
                    if (!family.NativeSeries.TryGetValue(key, out var totals))
                    {
                        family.NativeSeries[key] = totals = new NativeSeriesTotals(key, native.Schema);
                    }

                    totals.Add(native);
                }

                if (write.SketchSlot is not null && write.Metadata.Window is { } window)
                {
                    family.PruneSketches(window, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                }
            }

            lastSequence[batch.InstanceId] = batch.Sequence;
        }

        return conflicts.Count == 0 ? Task.CompletedTask : Task.FromException(new MetadataConflictException(conflicts));
    }

    /// <inheritdoc />
    /// <remarks>Copies every family under the lock, so the read is one consistent snapshot, then hands them out.</remarks>
    public IAsyncEnumerable<StoredFamily> ReadFamiliesAsync(CancellationToken cancellationToken)
    {
        StoredFamily[] snapshot;
        lock (gate)
        {
            snapshot = [.. families
                .Select(f => new StoredFamily(
                    f.Key,
                    f.Value.Metadata,
                    [.. f.Value.Fields.Select(s => new StoredSample(s.Key, s.Value))],
                    [.. f.Value.InstanceFields.Select(s => new InstanceSample(s.Key.InstanceId, s.Key.Subkey, s.Value))],
                    ExemplarJson.ParseAll(f.Value.Exemplars))
                {
                    NativeSeries = [.. f.Value.NativeSeries.Values.Select(n => n.Clone())],
                })];
        }

        return snapshot.ToAsyncEnumerable();
    }

    /// <inheritdoc />
    public Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            var known = heartbeats.ContainsKey(instanceId);
            heartbeats[instanceId] = now;
            var dead = heartbeats
                .Where(h => Stopwatch.GetElapsedTime(h.Value, now) > instanceTimeout)
                .Select(h => h.Key)
                .Take(InstanceCleanup.MaxDeadPerHeartbeat)
                .ToArray();
            foreach (var id in dead)
            {
                heartbeats.Remove(id);
                foreach (var family in families.Values.Where(f => f.Metadata?.Mode.IsLive() == true))
                {
                    foreach (var key in family.InstanceFields.Keys.Where(k => k.InstanceId == id).ToArray())
                    {
                        family.InstanceFields.Remove(key);
                    }
                }
            }

            return Task.FromResult(known);
        }
    }

    /// <inheritdoc />
    public Task ProbeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceHeartbeat>> ReadInstancesAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            IReadOnlyList<InstanceHeartbeat> instances = heartbeats
                .Select(h => new InstanceHeartbeat(h.Key, Stopwatch.GetElapsedTime(h.Value, now)))
                .ToArray();
            return Task.FromResult(instances);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void Apply(Dictionary<string, double> fields, SampleWrite sample)
    {
        switch (sample.Kind)
        {
            case WriteKind.Add:
                fields[sample.Subkey] = fields.GetValueOrDefault(sample.Subkey) + sample.Value;
                break;
            case WriteKind.Set:
                fields[sample.Subkey] = sample.Value;
                break;
            case WriteKind.SetIfAbsent:
                fields.TryAdd(sample.Subkey, sample.Value);
                break;
        }
    }

    private sealed class Family
    {
        public MetricMetadata? Metadata { get; set; }

        public Dictionary<string, double> Fields { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string InstanceId, string Subkey), double> InstanceFields { get; } = [];

        public Dictionary<string, string> Exemplars { get; } = new(StringComparer.Ordinal);

        /// <summary>Applies a <see cref="WriteKind.Remove"/> (one field, every instance's value of it) or a <see cref="WriteKind.Clear"/>.</summary>
        public void Remove(SampleWrite sample)
        {
            var all = sample.Kind == WriteKind.Clear;
            foreach (var key in InstanceFields.Keys.Where(k => all || k.Subkey == sample.Subkey).ToArray())
            {
                InstanceFields.Remove(key);
            }

            if (all)
            {
                Fields.Clear();
                Exemplars.Clear();
                NativeSeries.Clear();
                return;
            }

            Fields.Remove(sample.Subkey);
            Exemplars.Remove(sample.Subkey);
        }

        /// <summary>A native histogram's series by labels JSON, or a summary's sketches by slot-qualified labels (<see cref="SketchSlots.Key"/>).</summary>
        public Dictionary<string, NativeSeriesTotals> NativeSeries { get; } = new(StringComparer.Ordinal);

        /// <summary>Removes the native series of <paramref name="labelsJson"/>; with <paramref name="everySlot"/>, its sketch in every slot.</summary>
        public void RemoveNative(string labelsJson, bool everySlot)
        {
            foreach (var key in NativeSeries.Keys.ToArray())
            {
                if (everySlot ? SketchSlots.TrySplit(key, out _, out var labels) && labels == labelsJson : key == labelsJson)
                {
                    NativeSeries.Remove(key);
                }
            }
        }

        /// <summary>Drops the sketch slots whose expiry in <paramref name="window"/> has passed at <paramref name="nowMilliseconds"/>.</summary>
        public void PruneSketches(QuantileWindow window, long nowMilliseconds)
        {
            foreach (var key in NativeSeries.Keys.ToArray())
            {
                if (SketchSlots.TrySplit(key, out var slot, out _) && window.ExpiresAtMilliseconds(slot) <= nowMilliseconds)
                {
                    NativeSeries.Remove(key);
                }
            }
        }
    }
}
