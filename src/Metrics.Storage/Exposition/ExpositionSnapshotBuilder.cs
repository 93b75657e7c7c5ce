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

        // Split at the first colon like Subkey.TrySplit, without allocating the two halves of every field.
        var fields = new List<(string Suffix, int JsonStart, int Index)>(family.Samples.Count);
        var suffixes = new HashSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        for (var i = 0; i < family.Samples.Count; i++)
        {
            var subkey = family.Samples[i].Subkey;
            var colon = subkey.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                skipped++;
                continue;
            }

            var suffix = FamilyShape.Intern(subkey.AsSpan(0, colon));
            fields.Add((suffix, colon + 1, i));
            suffixes.Add(suffix);
        }

        var type = family.Metadata?.Type ?? FamilyShape.Infer(suffixes);
        var index = new FamilySeriesIndex(family.Metadata?.LabelNames, splitLe: type == MetricType.Histogram);
        return skipped + (type == MetricType.Unknown
            ? AddUnknown(family, fields, index, output)
            : AddTyped(family, type, fields, index, output));
    }

    private static int AddTyped(
        StoredFamily family,
        MetricType type,
        List<(string Suffix, int JsonStart, int Index)> fields,
        FamilySeriesIndex index,
        List<FamilySnapshot> output)
    {
        var suffixOrder = FamilyShape.SuffixesOf(type);
        var skipped = 0;
        foreach (var (suffix, jsonStart, i) in fields)
        {
            var sample = family.Samples[i];
            var rank = IndexOf(suffixOrder, suffix);
            var isBucket = suffix == FamilyShape.Bucket;
            if (rank < 0
                || !index.TryGet(sample.Subkey.AsSpan(jsonStart), out var entry)
                || (isBucket ? double.IsNaN(entry.Bound) : entry.Le is not null))
            {
                skipped++;
                continue;
            }

            entry.Samples.Add(new PendingSample(
                rank,
                isBucket ? entry.Bound : 0,
                i,
                new SampleSnapshot(suffix, entry.Le, sample.Value)));
        }

        return skipped + AddFamilySnapshot(family.Name, type, family.Metadata?.Help, index.Series, output);
    }

    private static int AddUnknown(
        StoredFamily family,
        List<(string Suffix, int JsonStart, int Index)> fields,
        FamilySeriesIndex index,
        List<FamilySnapshot> output)
    {
        var bySuffix = new SortedDictionary<string, Dictionary<KeyValuePair<string, string>[], List<PendingSample>>>(
            StringComparer.Ordinal);
        var skipped = 0;
        foreach (var (suffix, jsonStart, i) in fields)
        {
            var sample = family.Samples[i];
            if (!index.TryGet(sample.Subkey.AsSpan(jsonStart), out var entry)
                || !ExpositionNames.IsValidMetricName(family.Name + suffix))
            {
                skipped++;
                continue;
            }

            if (!bySuffix.TryGetValue(suffix, out var series))
            {
                series = new(LabelSetComparer.Instance);
                bySuffix.Add(suffix, series);
            }

            if (!series.TryGetValue(entry.Labels, out var samples))
            {
                samples = [];
                series.Add(entry.Labels, samples);
            }

            samples.Add(new PendingSample(0, 0, i, new SampleSnapshot(string.Empty, null, sample.Value)));
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
        var kept = new List<KeyValuePair<KeyValuePair<string, string>[], List<PendingSample>>>(series.Count);
        var skipped = 0;
        foreach (var pair in series)
        {
            if (pair.Value.TrueForAll(static s => s.Sample.Suffix == FamilyShape.Created))
            {
                skipped += pair.Value.Count;
            }
            else
            {
                kept.Add(pair);
            }
        }

        if (kept.Count == 0)
        {
            return skipped;
        }

        kept.Sort(static (x, y) => LabelSetComparer.Instance.Compare(x.Key, y.Key));
        var snapshots = new SeriesSnapshot[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            var (labels, pending) = kept[i];
            pending.Sort(PendingSample.Compare);
            var samples = new SampleSnapshot[pending.Count];
            for (var j = 0; j < samples.Length; j++)
            {
                samples[j] = pending[j].Sample;
            }

            snapshots[i] = new SeriesSnapshot(labels, samples);
        }

        output.Add(new FamilySnapshot(name, type, help, snapshots));
        return skipped;
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
