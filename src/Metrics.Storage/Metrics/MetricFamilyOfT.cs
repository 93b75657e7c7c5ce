using System.Collections.Concurrent;
using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A family's series by label values. Finding an existing series allocates nothing; a new one is validated,
/// and refused past the family's series limit (its updates then go nowhere and the refusal is counted).
/// </summary>
/// <typeparam name="TSeries">The series type.</typeparam>
internal abstract class MetricFamily<TSeries> : MetricFamily
    where TSeries : MetricSeries
{
    private readonly ConcurrentDictionary<LabelValues, TSeries> series = new(LabelValuesComparer.Instance);
    private readonly ConcurrentDictionary<LabelValues, TSeries>.AlternateLookup<ReadOnlySpan<string>> lookup;
    private readonly int maxSeries;
    private readonly string[] declaredLabelNames;
    private readonly TSeries? unlabelled;

    // Orders removals against collections: a removal takes a series' changes and queues its fields' removal at once, so
    // a collection sends either both or neither. The hot path never takes it.
    private readonly Lock removal = new();
    private bool clearPending;
    private TSeries? overflow;
    private int seriesCount;

    // Writes of the last collection that had any: the next one's list starts at that size instead of doubling up to it.
    private int lastWriteCount;
    private long dropped;

    /// <summary>Creates the family; an unlabelled family's one series exists from the start.</summary>
    protected MetricFamily(MetricMetadata metadata, int maxSeries)
        : base(metadata)
    {
        this.maxSeries = maxSeries;
        lookup = series.GetAlternateLookup<ReadOnlySpan<string>>();
        declaredLabelNames = [.. metadata.LabelNames.Take(metadata.LabelNames.Count - metadata.StaticLabelValues.Count)];
        if (declaredLabelNames.Length == 0)
        {
            unlabelled = GetSeries([]);
        }
    }

    /// <inheritdoc />
    public override long DroppedSeries => Interlocked.Read(ref dropped);

    /// <summary>Every series created so far (the series past the limit excluded).</summary>
    protected IEnumerable<TSeries> Series => series.Values;

    /// <summary>The one series of a family declared without label names.</summary>
    protected TSeries Unlabelled => unlabelled ?? throw new InvalidOperationException(
        $"Metric '{Metadata.Name}' has label names [{string.Join(", ", declaredLabelNames)}]: select a series with WithLabels(...) first.");

    /// <summary>The series for these label values, created on first use.</summary>
    protected TSeries GetSeries(ReadOnlySpan<string> labelValues) =>
        lookup.TryGetValue(labelValues, out var existing) ? existing : AddSeries(labelValues);

    /// <summary>
    /// Creates a series; <paramref name="labelValues"/> are validated, in declaration order and followed by the static
    /// label values, one per name of <see cref="MetricMetadata.LabelNames"/>.
    /// </summary>
    protected abstract TSeries CreateSeries(string[] labelValues);

    /// <summary>The labels JSON of a new series, as the seed's field names carry it (see <see cref="CreateSeries"/>).</summary>
    protected string LabelsJson(string[] labelValues) => LabelJson.Encode(Metadata.LabelNames, labelValues);

    /// <summary>Removes the one series of a family declared without label names (see <see cref="IMetricSeries.Remove"/>).</summary>
    public void Remove() => Remove(Unlabelled);

    /// <inheritdoc />
    public override void Remove(MetricSeries series)
    {
        lock (removal)
        {
            series.Reset(removeFields: !clearPending);
        }
    }

    /// <summary>
    /// Removes every series of the family from the store with the next flush, also series only other processes wrote;
    /// this process's series start again from zero (see <see cref="IMetric.Clear"/>).
    /// </summary>
    public void Clear()
    {
        lock (removal)
        {
            clearPending = true;
            foreach (var entry in series)
            {
                entry.Value.Reset(removeFields: false);
            }

        }
    }

    /// <inheritdoc />
    public override int Collect(List<FamilyWrite> families)
    {
        lock (removal)
        {
            return CollectSeries(families);
        }
    }

    /// <summary>
    /// Collects the family's writes into <paramref name="families"/>; returns how many series changed. The caller holds
    /// the removal lock, so a removal's writes all go in one flush.
    /// </summary>
    protected virtual int CollectSeries(List<FamilyWrite> families)
    {
        var writes = new List<SampleWrite>(lastWriteCount);
        var seriesWrites = new List<SampleWrite>();
        var changed = 0;
        if (clearPending)
        {
            writes.Add(new SampleWrite(string.Empty, WriteKind.Clear, 0));
            clearPending = false;
        }

        foreach (var entry in series)
        {
            seriesWrites.Clear();
            entry.Value.CollectAfterRemoval(seriesWrites);
            foreach (var write in seriesWrites)
            {
                writes.Add(write);
            }

            changed += seriesWrites.Count > 0 ? 1 : 0;
        }

        if (writes.Count > 0)
        {
            lastWriteCount = writes.Count;
            families.Add(new FamilyWrite(Metadata, writes) { Expiry = Expiry });
        }

        return changed;
    }

    /// <inheritdoc />
    public override void Reannounce()
    {
        foreach (var entry in series)
        {
            entry.Value.Reannounce();
        }
    }

    private TSeries AddSeries(ReadOnlySpan<string> labelValues)
    {
        NameRules.ValidateLabelValues(Metadata.Name, declaredLabelNames, labelValues);

        // Series are never removed: once full, a family stays full, so later new label sets cost no allocation or lock.
        if (Volatile.Read(ref overflow) is { } full)
        {
            Interlocked.Increment(ref dropped);
            return full;
        }

        var values = labelValues.ToArray();
        string[] withStatic = Metadata.StaticLabelValues.Count == 0 ? values : [.. values, .. Metadata.StaticLabelValues];
        // A count of our own: ConcurrentDictionary.Count takes every one of its locks, once per new series.
        if (Volatile.Read(ref seriesCount) >= maxSeries)
        {
            Interlocked.Increment(ref dropped);
            return Overflow(withStatic);
        }

        var key = new LabelValues(values);
        var created = Owned(CreateSeries(withStatic));
        if (series.TryAdd(key, created))
        {
            Interlocked.Increment(ref seriesCount);
            return created;
        }

        // Another thread created the same series first; this one is dropped before anything recorded into it.
        return series[key];
    }

    /// <summary>Makes <paramref name="created"/> find this family when it is removed.</summary>
    private TSeries Owned(TSeries created)
    {
        created.Family = this;
        return created;
    }

    /// <summary>The one series every update past the limit goes to (created from the first label set dropped).</summary>
    private TSeries Overflow(string[] labelValues) =>
        LazyInitializer.EnsureInitialized(ref overflow, () => Owned(CreateSeries(labelValues)));
}
