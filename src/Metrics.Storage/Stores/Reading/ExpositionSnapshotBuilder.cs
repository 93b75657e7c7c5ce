using System.Buffers;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Turns stored families into an <see cref="ExpositionSnapshot"/>: resolves each family's type (metadata, or inferred
/// from the suffixes), parses fields into series and puts families, series and samples in output order. This is where
/// everything any store returns is validated, whoever wrote it: a field that cannot be shown (see
/// <see cref="SkipReason"/>) is left out with its series, or its family when the family itself is broken, and counted
/// by family and reason; nothing is thrown, and nothing another writer stores can make the output invalid.
/// </summary>
internal static class ExpositionSnapshotBuilder
{
    // Buckets a histogram without metadata is assumed to have when sizing its tables (the usual default set).
    private const int DefaultBucketCount = 11;

    /// <summary>
    /// Builds the snapshot of <paramref name="families"/>, ordered by family name (ordinal); summaries' quantiles are those
    /// of their window at unix time <paramref name="nowMilliseconds"/> (default: now).
    /// </summary>
    public static ExpositionSnapshot Build(IReadOnlyList<StoredFamily> families, long? nowMilliseconds = null)
    {
        ArgumentNullException.ThrowIfNull(families);
        var now = nowMilliseconds ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ordered = new StoredFamily[families.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = families[i];
        }

        Array.Sort(ordered, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        var output = new List<FamilySnapshot>(ordered.Length);
        var strings = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var skipped = new SkippedEntries();
        foreach (var family in ordered)
        {
            var skip = new FamilySkips(family.Name, skipped);
            skip.Add(SkipReason.NotAHash, family.NotAHashKeys);
            skip.Add(SkipReason.NotANumber, family.NotANumberValues);
            skip.Add(SkipReason.UnparsableField, family.UnparsableFields);
            AddFamily(family, strings, output, skip, now);
        }

        return new ExpositionSnapshot(SampleNameClaims.KeepFirst(output, skipped), skipped);
    }

    private static void AddFamily(
        StoredFamily family,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> strings,
        List<FamilySnapshot> output,
        FamilySkips skip,
        long nowMilliseconds)
    {
        if (!ExpositionNames.IsValidUtf8Name(family.Name))
        {
            skip.Add(SkipReason.UnparsableField, family.Samples.Count);
            return;
        }

        var type = family.Metadata?.Type ?? InferType(family.Samples);
        var samplesPerSeries = type switch
        {
            MetricType.Histogram => (family.Metadata?.Buckets.Count ?? DefaultBucketCount) + 4,
            MetricType.Unknown => 1,
            _ => FamilyShape.SuffixesOf(type).Count,
        };
        using var index = new FamilySeriesIndex(
            family.Metadata?.LabelNames,
            splitLe: type == MetricType.Histogram,
            expectedSeries: family.Samples.Count / samplesPerSeries,
            strings,
            LabelRules.For(family.Name, type, family.Metadata));
        if (type == MetricType.Unknown)
        {
            AddUnknown(family, index, output, skip);
        }
        else
        {
            AddTyped(family, type, index, output, skip, nowMilliseconds);
        }
    }

    /// <summary>The type of a family stored without metadata, from its known suffixes (a foreign one is left out later).</summary>
    private static MetricType InferType(IReadOnlyList<StoredSample> samples)
    {
        var suffixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (sample.Field.TrySplit(out var suffix, out _) && FamilyShape.IsSeedSuffix(suffix))
            {
                suffixes.Add(suffix);
            }
        }

        return FamilyShape.Infer(suffixes);
    }

    private static void AddTyped(
        StoredFamily family, MetricType type, FamilySeriesIndex index, List<FamilySnapshot> output, FamilySkips skip, long nowMilliseconds)
    {
        var suffixOrder = FamilyShape.SuffixesOf(type);
        var pending = new PendingSamples(family.Samples.Count);
        try
        {
            for (var i = 0; i < family.Samples.Count; i++)
            {
                var sample = family.Samples[i];
                if (!sample.Field.TrySplit(out var suffix, out var json))
                {
                    skip.Add(SkipReason.UnparsableField);
                    continue;
                }

                if (type == MetricType.Info && sample.Value == 0)
                {
                    // Information a process replaced: hidden, not damaged (see IInfoSeries).
                    continue;
                }

                var rank = IndexOf(suffixOrder, suffix);
                if (rank < 0)
                {
                    skip.Add(SkipReason.UnparsableField);
                    continue;
                }

                if (!index.TryGet(json, out var entry, out var reason))
                {
                    skip.Add(reason);
                    continue;
                }

                var isBucket = suffix == FamilyShape.Bucket;
                if (isBucket ? double.IsNaN(entry.Bound) : entry.Le is not null)
                {
                    skip.Add(isBucket ? SkipReason.BadHistogram : SkipReason.ReservedLabel);
                    continue;
                }

                pending.Add(new PendingSample(
                    entry.Series,
                    rank,
                    isBucket ? entry.Bound : 0,
                    i,
                    new SampleSnapshot(suffix, entry.Le, sample.Value, ExemplarOf(family, type, suffix, sample))));
            }

            IReadOnlyList<double>? quantiles = null;
            var native = family.NativeSeries;
            if (type == MetricType.Summary && family.Metadata is { Window: { } window } metadata)
            {
                quantiles = metadata.Quantiles;
                native = SketchSlots.MergeLive(native, window, nowMilliseconds);
            }

            AddFamilySnapshot(family.Name, type, family.Metadata?.Help, index.Series, pending, output, skip, NativeBySeries(native, index), quantiles);
        }
        finally
        {
            pending.Dispose();
        }
    }

    /// <summary>
    /// A native histogram's series, or a summary's merged sketches, by series id of <paramref name="index"/>; null when
    /// there are none. A native series whose labels JSON cannot be parsed is left out.
    /// </summary>
    private static NativeSeriesTotals?[]? NativeBySeries(IReadOnlyList<NativeSeriesTotals> nativeSeries, FamilySeriesIndex index)
    {
        if (nativeSeries.Count == 0)
        {
            return null;
        }

        var found = new List<(int Series, NativeSeriesTotals Native)>(nativeSeries.Count);
        foreach (var native in nativeSeries)
        {
            if (index.TryGet(new FieldName(native.LabelsJson), out var entry, out _) && entry.Le is null)
            {
                found.Add((entry.Series, native));
            }
        }

        var bySeries = new NativeSeriesTotals?[index.Series.Count];
        foreach (var (series, native) in found)
        {
            bySeries[series] = native;
        }

        return bySeries;
    }

    /// <summary>The stored exemplar of a counter's <c>_total</c> or a histogram's bucket, as sample extras; else null.</summary>
    private static SampleExtras? ExemplarOf(StoredFamily family, MetricType type, string suffix, StoredSample sample) =>
        family.Exemplars is { Count: > 0 } exemplars
        && ((type == MetricType.Counter && suffix == FamilyShape.Total)
            || (type == MetricType.Histogram && suffix == FamilyShape.Bucket))
        && exemplars.TryGetValue(sample.Subkey, out var exemplar)
            ? new SampleExtras(null, exemplar)
            : null;

    private static void AddUnknown(StoredFamily family, FamilySeriesIndex index, List<FamilySnapshot> output, FamilySkips skip)
    {
        var bySuffix = new SortedDictionary<string, PendingSamples>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < family.Samples.Count; i++)
            {
                var sample = family.Samples[i];
                if (!sample.Field.TrySplit(out var suffix, out var json)
                    || !FamilyShape.IsSeedSuffix(suffix)
                    || !ExpositionNames.IsValidUtf8Name(family.Name + suffix))
                {
                    skip.Add(SkipReason.UnparsableField);
                    continue;
                }

                if (!index.TryGet(json, out var entry, out var reason))
                {
                    skip.Add(reason);
                    continue;
                }

                if (!bySuffix.TryGetValue(suffix, out var samples))
                {
                    samples = new PendingSamples(family.Samples.Count);
                    bySuffix.Add(suffix, samples);
                }

                samples.Add(new PendingSample(entry.Series, 0, 0, i, new SampleSnapshot(string.Empty, null, sample.Value)));
            }

            foreach (var (suffix, samples) in bySuffix)
            {
                AddFamilySnapshot(family.Name + suffix, MetricType.Unknown, family.Metadata?.Help, index.Series, samples, output, skip);
            }
        }
        finally
        {
            foreach (var samples in bySuffix.Values)
            {
                samples.Dispose();
            }
        }
    }

    /// <summary>
    /// Orders the series and their samples and adds the family when any series is left. A series holding nothing but
    /// <c>_created</c> is dropped, a histogram series that is not consistent (<see cref="HistogramCheck"/>) too, and of a
    /// sample stored twice in one series (two spellings of one label set) the first one stored is kept. With
    /// <paramref name="quantiles"/> (a summary's), each series starts with one sample per quantile, read from its merged
    /// sketch in <paramref name="native"/> (NaN when the window holds none).
    /// </summary>
    private static void AddFamilySnapshot(
        string name,
        MetricType type,
        string? help,
        IReadOnlyList<KeyValuePair<string, string>[]> series,
        PendingSamples pending,
        List<FamilySnapshot> output,
        FamilySkips skip,
        NativeSeriesTotals?[]? native = null,
        IReadOnlyList<double>? quantiles = null)
    {
        // Pooled: with some 10k series these tables would be large objects.
        var grouped = PendingSample.GroupBySeries(pending.Items, series.Count, out var starts);
        var keptLabels = ArrayPool<KeyValuePair<string, string>[]>.Shared.Rent(series.Count);
        var keptIds = ArrayPool<int>.Shared.Rent(series.Count);
        var lengths = ArrayPool<int>.Shared.Rent(series.Count);
        try
        {
            var kept = 0;
            for (var id = 0; id < series.Count; id++)
            {
                var samples = grouped.AsSpan(starts[id], starts[id + 1] - starts[id]);
                if (HoldsOnlyCreated(samples))
                {
                    skip.Add(SkipReason.UnparsableField, samples.Length);
                    continue;
                }

                PendingSample.Sort(samples);
                var unique = RemoveRepeated(samples);
                skip.Add(SkipReason.UnparsableField, samples.Length - unique);
                if (type == MetricType.Histogram && !HistogramCheck.IsConsistent(samples[..unique]))
                {
                    skip.Add(SkipReason.BadHistogram, unique);
                    continue;
                }

                keptLabels[kept] = series[id];
                lengths[id] = unique;
                keptIds[kept++] = id;
            }

            if (kept == 0)
            {
                return;
            }

            if (!IsSorted(keptLabels.AsSpan(0, kept)))
            {
                Array.Sort(keptLabels, keptIds, 0, kept, LabelSetComparer.Instance);
            }

            var quantileLabels = quantiles?.Select(FloatFormatter.FormatGo).ToArray() ?? [];
            var snapshots = new SeriesSnapshot[kept];
            for (var i = 0; i < kept; i++)
            {
                var samples = grouped.AsSpan(starts[keptIds[i]], lengths[keptIds[i]]);
                var seriesNative = native?[keptIds[i]];
                var ordered = new SampleSnapshot[quantileLabels.Length + samples.Length];
                for (var q = 0; q < quantileLabels.Length; q++)
                {
                    var value = seriesNative is null ? double.NaN : QuantileEstimator.Estimate(seriesNative, quantiles![q]);
                    ordered[q] = new SampleSnapshot(string.Empty, quantileLabels[q], value);
                }

                for (var j = 0; j < samples.Length; j++)
                {
                    ordered[quantileLabels.Length + j] = samples[j].Sample;
                }

                snapshots[i] = new SeriesSnapshot(keptLabels[i], ordered) { Native = quantiles is null ? seriesNative : null };
            }

            output.Add(new FamilySnapshot(name, type, help, snapshots));
        }
        finally
        {
            PendingSample.ReturnGrouped(grouped, starts);
            keptLabels.AsSpan(0, series.Count).Clear();
            ArrayPool<KeyValuePair<string, string>[]>.Shared.Return(keptLabels);
            ArrayPool<int>.Shared.Return(keptIds);
            ArrayPool<int>.Shared.Return(lengths);
        }
    }

    /// <summary>
    /// True when the series are already in output order: a store that returns fields sorted by name (SQLite) mostly
    /// finds the series in that order, and checking costs one comparison per series instead of a sort.
    /// </summary>
    private static bool IsSorted(ReadOnlySpan<KeyValuePair<string, string>[]> labels)
    {
        for (var i = 1; i < labels.Length; i++)
        {
            if (LabelSetComparer.Instance.Compare(labels[i - 1], labels[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Moves each sample that repeats the one before it in output order (same suffix and bucket bound; kept in stored
    /// order, so the first stored stays) out of the sorted <paramref name="samples"/>; returns how many are left first.
    /// </summary>
    private static int RemoveRepeated(Span<PendingSample> samples)
    {
        var unique = Math.Min(samples.Length, 1);
        for (var i = 1; i < samples.Length; i++)
        {
            var previous = samples[unique - 1];
            if (samples[i].Rank != previous.Rank || samples[i].Bound != previous.Bound)
            {
                samples[unique++] = samples[i];
            }
        }

        return unique;
    }

    /// <summary>True for no samples or nothing but <c>_created</c>.</summary>
    private static bool HoldsOnlyCreated(ReadOnlySpan<PendingSample> samples)
    {
        foreach (var sample in samples)
        {
            if (sample.Sample.Suffix != FamilyShape.Created)
            {
                return false;
            }
        }

        return true;
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
