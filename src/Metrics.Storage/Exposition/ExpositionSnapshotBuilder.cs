using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Turns stored families into an <see cref="ExpositionSnapshot"/>: resolves each family's type (metadata, or inferred
/// from the suffixes), parses fields into series and puts families, series and samples in output order. A field that
/// cannot be parsed is skipped and counted, never thrown.
/// </summary>
internal static class ExpositionSnapshotBuilder
{
    /// <summary>Builds the snapshot of <paramref name="families"/>, ordered by family name (ordinal).</summary>
    public static ExpositionSnapshot Build(IReadOnlyList<StoredFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var ordered = new StoredFamily[families.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = families[i];
        }

        Array.Sort(ordered, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        var output = new List<FamilySnapshot>(ordered.Length);
        var skipped = 0;
        foreach (var family in ordered)
        {
            skipped += AddFamily(family, output);
        }

        return new ExpositionSnapshot(output, skipped);
    }

    private static int AddFamily(StoredFamily family, List<FamilySnapshot> output)
    {
        if (!ExpositionNames.IsValidMetricName(family.Name))
        {
            return family.Samples.Count;
        }

        var fields = new List<(string Suffix, string Json, double Value)>(family.Samples.Count);
        var suffixes = new HashSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var sample in family.Samples)
        {
            if (Subkey.TrySplit(sample.Subkey, out var suffix, out var json))
            {
                fields.Add((suffix, json, sample.Value));
                suffixes.Add(suffix);
            }
            else
            {
                skipped++;
            }
        }

        var type = family.Metadata?.Type ?? FamilyShape.Infer(suffixes);
        var labels = new FamilyLabelCache(family.Metadata?.LabelNames, leLast: type == MetricType.Histogram);
        return skipped + (type == MetricType.Unknown
            ? AddUnknown(family, fields, labels, output)
            : AddTyped(family, type, fields, labels, output));
    }

    private static int AddTyped(
        StoredFamily family,
        MetricType type,
        List<(string Suffix, string Json, double Value)> fields,
        FamilyLabelCache labelCache,
        List<FamilySnapshot> output)
    {
        var suffixOrder = FamilyShape.SuffixesOf(type);
        var series = new Dictionary<KeyValuePair<string, string>[], List<PendingSample>>(LabelSetComparer.Instance);
        var skipped = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var (suffix, json, value) = fields[i];
            var rank = IndexOf(suffixOrder, suffix);
            var labels = rank < 0 ? null : labelCache.Get(json);
            if (labels is null)
            {
                skipped++;
                continue;
            }

            string? le = null;
            var bound = 0d;
            var hasLe = type == MetricType.Histogram && labels.Length > 0 && labels[^1].Key == FamilyLabelCache.Le;
            if (suffix == FamilyShape.Bucket)
            {
                if (!hasLe || !BucketBound.TryParse(labels[^1].Value, out bound))
                {
                    skipped++;
                    continue;
                }

                le = labels[^1].Value;
                labels = labels[..^1];
            }
            else if (hasLe)
            {
                skipped++;
                continue;
            }

            Add(series, labels, new PendingSample(rank, bound, i, new SampleSnapshot(suffix, le, value)));
        }

        return skipped + AddFamilySnapshot(family.Name, type, family.Metadata?.Help, series, output);
    }

    private static int AddUnknown(
        StoredFamily family,
        List<(string Suffix, string Json, double Value)> fields,
        FamilyLabelCache labelCache,
        List<FamilySnapshot> output)
    {
        var bySuffix = new SortedDictionary<string, Dictionary<KeyValuePair<string, string>[], List<PendingSample>>>(
            StringComparer.Ordinal);
        var skipped = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var (suffix, json, value) = fields[i];
            var labels = labelCache.Get(json);
            if (labels is null || !ExpositionNames.IsValidMetricName(family.Name + suffix))
            {
                skipped++;
                continue;
            }

            if (!bySuffix.TryGetValue(suffix, out var series))
            {
                series = new(LabelSetComparer.Instance);
                bySuffix.Add(suffix, series);
            }

            Add(series, labels, new PendingSample(0, 0, i, new SampleSnapshot(string.Empty, null, value)));
        }

        foreach (var (suffix, series) in bySuffix)
        {
            skipped += AddFamilySnapshot(family.Name + suffix, MetricType.Unknown, family.Metadata?.Help, series, output);
        }

        return skipped;
    }

    /// <summary>
    /// Orders the series and their samples and adds the family when any series is left; a series holding nothing
    /// but <c>_created</c> is dropped. Returns the number of samples dropped.
    /// </summary>
    private static int AddFamilySnapshot(
        string name,
        MetricType type,
        string? help,
        Dictionary<KeyValuePair<string, string>[], List<PendingSample>> series,
        List<FamilySnapshot> output)
    {
        var keys = new List<KeyValuePair<string, string>[]>(series.Count);
        var skipped = 0;
        foreach (var (labels, samples) in series)
        {
            if (samples.TrueForAll(static s => s.Sample.Suffix == FamilyShape.Created))
            {
                skipped += samples.Count;
            }
            else
            {
                keys.Add(labels);
            }
        }

        if (keys.Count == 0)
        {
            return skipped;
        }

        keys.Sort(LabelSetComparer.Instance);
        var snapshots = new SeriesSnapshot[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var pending = series[keys[i]];
            pending.Sort(PendingSample.Compare);
            var samples = new SampleSnapshot[pending.Count];
            for (var j = 0; j < samples.Length; j++)
            {
                samples[j] = pending[j].Sample;
            }

            snapshots[i] = new SeriesSnapshot(keys[i], samples);
        }

        output.Add(new FamilySnapshot(name, type, help, snapshots));
        return skipped;
    }

    private static void Add(
        Dictionary<KeyValuePair<string, string>[], List<PendingSample>> series,
        KeyValuePair<string, string>[] labels,
        PendingSample sample)
    {
        if (!series.TryGetValue(labels, out var samples))
        {
            samples = [];
            series.Add(labels, samples);
        }

        samples.Add(sample);
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
