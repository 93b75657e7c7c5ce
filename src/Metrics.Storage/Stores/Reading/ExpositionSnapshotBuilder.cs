using System.Text;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Turns stored families into <see cref="FamilySnapshot"/>s: resolves each family's type (metadata, or inferred from
/// the suffixes), parses fields into the series of a <see cref="SeriesTable"/> and puts series and samples in output
/// order. This is where everything any store returns is validated, whoever wrote it: a field that cannot be shown (see
/// <see cref="SkipReason"/>) is left out with its series, or its family when the family itself is broken, and counted
/// by family and reason; nothing is thrown, and nothing another writer stores can make the output invalid.
/// </summary>
internal static class ExpositionSnapshotBuilder
{
    // Buckets a histogram without metadata is assumed to have when sizing its tables (the usual default set).
    private const int DefaultBucketCount = 11;

    // Up to this many samples (a series holds a few: 2 for a counter, 15 for a default histogram) are sorted by
    // insertion, without the general sort's set-up and a delegate call per comparison.
    private const int InsertionSortLimit = 32;

    private static readonly int BucketId = FamilyShape.SuffixId(FamilyShape.Bucket);
    private static readonly int CreatedId = FamilyShape.SuffixId(FamilyShape.Created);
    private static readonly int TotalId = FamilyShape.SuffixId(FamilyShape.Total);

    /// <summary>
    /// Builds the snapshot of <paramref name="families"/>, ordered by family name (ordinal); summaries' quantiles are those
    /// of their window at unix time <paramref name="nowMilliseconds"/> (default: now).
    /// </summary>
    public static ExpositionSnapshot Build(IReadOnlyList<StoredFamily> families, long? nowMilliseconds = null)
    {
        ArgumentNullException.ThrowIfNull(families);
        var now = nowMilliseconds ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ordered = families.ToArray();
        Array.Sort(ordered, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        var output = new List<FamilySnapshot>(ordered.Length);
        var skipped = new SkippedEntries();
        foreach (var family in ordered)
        {
            output.AddRange(BuildFamily(family, skipped, now));
        }

        return new ExpositionSnapshot(SampleNameClaims.KeepFirst(output, skipped), skipped);
    }

    /// <summary>
    /// The families one stored family is written as: none when nothing in it can be shown, one, or, for a family of
    /// unknown type, one per suffix (named with it). Each holds a table of its own, which the caller disposes when it no
    /// longer needs the family; what was left out is counted in <paramref name="skipped"/>. A summary's quantiles are those
    /// of its window at unix time <paramref name="nowMilliseconds"/>.
    /// </summary>
    public static List<FamilySnapshot> BuildFamily(StoredFamily family, SkippedEntries skipped, long nowMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(skipped);
        var skip = new FamilySkips(family.Name, skipped);
        skip.Add(SkipReason.NotAHash, family.NotAHashKeys);
        skip.Add(SkipReason.NotANumber, family.NotANumberValues);
        skip.Add(SkipReason.UnparsableField, family.UnparsableFields);
        var output = new List<FamilySnapshot>(1);
        if (!ExpositionNames.IsValidUtf8Name(family.Name))
        {
            skip.Add(SkipReason.UnparsableField, family.Samples.Count);
            return output;
        }

        var type = family.Metadata?.Type ?? InferType(family.Samples);
        if (type == MetricType.Unknown)
        {
            AddUnknown(family, output, skip);
        }
        else
        {
            AddTyped(family, type, output, skip, nowMilliseconds);
        }

        return output;
    }

    /// <summary>The type of a family stored without metadata, from its known suffixes (a foreign one is left out later).</summary>
    private static MetricType InferType(IReadOnlyList<StoredSample> samples)
    {
        var found = new bool[FamilyShape.Suffixes.Length];
        foreach (var sample in samples)
        {
            if (TrySplit(sample, out var suffix, out _) && suffix >= 0)
            {
                found[suffix] = true;
            }
        }

        return FamilyShape.Infer(FamilyShape.Suffixes.Where((_, id) => found[id]).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Splits a field name at the first colon like <see cref="FieldName.TrySplit(out string, out FieldName)"/> into the suffix's id in
    /// <see cref="FamilyShape.Suffixes"/> (-1 for any other suffix) and where the labels JSON starts, without copying.
    /// </summary>
    private static bool TrySplit(in StoredSample sample, out int suffix, out int jsonStart)
    {
        if (!sample.IsUtf8)
        {
            var subkey = sample.Subkey;
            var colon = subkey.IndexOf(':', StringComparison.Ordinal);
            suffix = colon < 0 ? -1 : FamilyShape.SuffixId(subkey.AsSpan(0, colon));
            jsonStart = colon + 1;
            return colon >= 0;
        }

        // ':' is ASCII, and no byte of a multi-byte UTF-8 sequence is: the first ':' byte is the first ':' character.
        var utf8 = sample.Utf8Subkey;
        var utf8Colon = utf8.IndexOf((byte)':');
        suffix = utf8Colon < 0 ? -1 : FamilyShape.SuffixId(utf8[..utf8Colon]);
        jsonStart = utf8Colon + 1;
        return utf8Colon >= 0;
    }

    private static void AddTyped(StoredFamily family, MetricType type, List<FamilySnapshot> output, FamilySkips skip, long nowMilliseconds)
    {
        var rank = Ranks(type);
        var samplesPerSeries = type == MetricType.Histogram
            ? (family.Metadata?.Buckets.Count ?? DefaultBucketCount) + 4
            : FamilyShape.SuffixesOf(type).Count;
        var table = new SeriesTable(family.Samples.Count / samplesPerSeries, family.Metadata?.LabelNames.Count ?? 1);
        var index = new FamilySeriesIndex(
            table, family.Metadata?.LabelNames, splitLe: type == MetricType.Histogram, LabelRules.For(family.Name, type, family.Metadata));
        var exemplars = new ExemplarLookup(family.Exemplars);
        using var staged = new StagedSamples(family.Samples.Count);
        for (var i = 0; i < family.Samples.Count; i++)
        {
            var sample = family.Samples[i];
            if (!TrySplit(sample, out var suffix, out var jsonStart))
            {
                skip.Add(SkipReason.UnparsableField);
                continue;
            }

            if (type == MetricType.Info && sample.Value == 0)
            {
                // Information a process replaced: hidden, not damaged (see IInfoSeries).
                continue;
            }

            if (suffix < 0 || rank[suffix] < 0)
            {
                skip.Add(SkipReason.UnparsableField);
                continue;
            }

            if (!index.TryGet(sample, jsonStart, out var series, out var le, out var reason))
            {
                skip.Add(reason);
                continue;
            }

            var isBucket = suffix == BucketId;
            if (isBucket ? le < 0 || double.IsNaN(table.BoundValue(le)) : le >= 0)
            {
                skip.Add(isBucket ? SkipReason.BadHistogram : SkipReason.ReservedLabel);
                continue;
            }

            var hasExemplar = (type == MetricType.Counter && suffix == TotalId) || (type == MetricType.Histogram && isBucket);
            var extras = hasExemplar && exemplars.Find(sample) is { } exemplar ? table.AddExtras(new SampleExtras(null, exemplar)) : -1;
            staged.Add(series, new TableSample(sample.Value, suffix, le, extras));
        }

        // A native histogram's series, or a summary's sketches merged over the slots of its window.
        IReadOnlyList<double>? quantiles = null;
        var native = family.NativeSeries;
        if (type == MetricType.Summary && family.Metadata is { Window: { } window } metadata)
        {
            quantiles = metadata.Quantiles;
            native = SketchSlots.MergeLive(native, window, nowMilliseconds);
        }

        foreach (var series in native)
        {
            if (index.TryGet(series.LabelsJson, out var id, out var le, out _) && le < 0)
            {
                table.SetNative(id, series);
            }
        }

        AddFamily(family.Name, type, family.Metadata?.Help, table, staged, rank, output, skip, quantiles);
    }

    private static void AddUnknown(StoredFamily family, List<FamilySnapshot> output, FamilySkips skip)
    {
        var bySuffix = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < family.Samples.Count; i++)
        {
            if (!TrySplit(family.Samples[i], out var suffix, out _)
                || suffix < 0
                || !ExpositionNames.IsValidUtf8Name(family.Name + FamilyShape.Suffixes[suffix]))
            {
                skip.Add(SkipReason.UnparsableField);
                continue;
            }

            var name = FamilyShape.Suffixes[suffix];
            if (!bySuffix.TryGetValue(name, out var fields))
            {
                bySuffix.Add(name, fields = []);
            }

            fields.Add(i);
        }

        var rules = LabelRules.For(family.Name, MetricType.Unknown, family.Metadata);
        foreach (var (suffix, fields) in bySuffix)
        {
            var table = new SeriesTable(fields.Count);
            var index = new FamilySeriesIndex(table, family.Metadata?.LabelNames, splitLe: false, rules);
            using var staged = new StagedSamples(fields.Count);
            foreach (var field in fields)
            {
                var sample = family.Samples[field];
                TrySplit(sample, out _, out var jsonStart);
                if (index.TryGet(sample, jsonStart, out var series, out _, out var reason))
                {
                    staged.Add(series, new TableSample(sample.Value, 0, -1, -1));
                }
                else
                {
                    skip.Add(reason);
                }
            }

            AddFamily(family.Name + suffix, MetricType.Unknown, family.Metadata?.Help, table, staged, Ranks(MetricType.Unknown), output, skip);
        }
    }

    /// <summary>
    /// Groups the samples by series into the table, orders each series' samples and the series, and adds the family
    /// when any series is left (else disposes the table). A series holding nothing but <c>_created</c> is dropped, a
    /// histogram series that is not consistent (<see cref="HistogramCheck"/>) too, and of a sample stored twice in one
    /// series (two spellings of one label set) the first one stored is kept. With <paramref name="quantiles"/> (a
    /// summary's), each series starts with one sample per quantile, read from its merged sketch (the table's native
    /// series; NaN when the window holds none).
    /// </summary>
    private static void AddFamily(
        string name,
        MetricType type,
        string? help,
        SeriesTable table,
        StagedSamples staged,
        int[] rank,
        List<FamilySnapshot> output,
        FamilySkips skip,
        IReadOnlyList<double>? quantiles = null)
    {
        var seriesCount = table.SeriesCount;
        var quantileCount = quantiles?.Count ?? 0;
        var quantileLe = quantiles?.Select(q => table.BoundId(FloatFormatter.FormatGo(q))).ToArray() ?? [];
        var starts = ReadArrays<int>.Pool.Rent(seriesCount + 1);
        try
        {
            // A counting sort by series, which keeps stored order within each series, after room for its quantiles.
            starts.AsSpan(0, seriesCount + 1).Clear();
            foreach (var series in staged.Series)
            {
                starts[series + 1]++;
            }

            for (var s = 0; s < seriesCount; s++)
            {
                starts[s + 1] += starts[s] + quantileCount;
            }

            var grouped = table.RentSamples(staged.Count + (seriesCount * quantileCount));
            var next = ReadArrays<int>.Pool.Rent(Math.Max(seriesCount, 1));
            for (var s = 0; s < seriesCount; s++)
            {
                next[s] = starts[s] + quantileCount;
            }

            var stagedSamples = staged.Samples;
            var seriesOf = staged.Series;
            for (var i = 0; i < stagedSamples.Length; i++)
            {
                grouped[next[seriesOf[i]]++] = stagedSamples[i];
            }

            ReadArrays<int>.Pool.Return(next);
            var order = table.RentOrder(seriesCount);
            var kept = 0;
            for (var id = 0; id < seriesCount; id++)
            {
                var samples = grouped[(starts[id] + quantileCount)..starts[id + 1]];
                if (HoldsOnlyCreated(samples))
                {
                    skip.Add(SkipReason.UnparsableField, samples.Length);
                    continue;
                }

                Sort(samples, rank, table);
                var unique = RemoveRepeated(samples, rank, table);
                skip.Add(SkipReason.UnparsableField, samples.Length - unique);
                if (type == MetricType.Histogram && !HistogramCheck.IsConsistent(samples[..unique], table))
                {
                    skip.Add(SkipReason.BadHistogram, unique);
                    continue;
                }

                var sketch = table.NativeOf(id);
                for (var q = 0; q < quantileCount; q++)
                {
                    var value = sketch is null ? double.NaN : QuantileEstimator.Estimate(sketch, quantiles![q]);
                    grouped[starts[id] + q] = new TableSample(value, 0, quantileLe[q], -1);
                }

                table.SetSamples(id, starts[id], quantileCount + unique);
                order[kept++] = id;
            }

            if (kept == 0)
            {
                table.Dispose();
                return;
            }

            if (!IsSorted(order.AsSpan(0, kept), table))
            {
                order.AsSpan(0, kept).Sort(table.Compare);
            }

            output.Add(new FamilySnapshot(name, type, help, table, [.. table.Names], order, kept));
        }
        finally
        {
            ReadArrays<int>.Pool.Return(starts);
        }
    }

    /// <summary>The position of each suffix (by id) in the output order of <paramref name="type"/>; -1 for one it does not store.</summary>
    private static int[] Ranks(MetricType type)
    {
        var rank = new int[FamilyShape.Suffixes.Length];
        Array.Fill(rank, -1);
        var suffixes = FamilyShape.SuffixesOf(type);
        for (var i = 0; i < suffixes.Count; i++)
        {
            rank[FamilyShape.SuffixId(suffixes[i])] = i;
        }

        // Samples of an unknown family carry the empty suffix.
        if (type == MetricType.Unknown)
        {
            rank[0] = 0;
        }

        return rank;
    }

    /// <summary>
    /// True when the series are already in output order: a store that returns fields sorted by name (SQLite) mostly
    /// finds the series in that order, and checking costs one comparison per series instead of a sort.
    /// </summary>
    private static bool IsSorted(ReadOnlySpan<int> order, SeriesTable table)
    {
        for (var i = 1; i < order.Length; i++)
        {
            if (table.Compare(order[i - 1], order[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sorts one series' samples into output order (<see cref="Compare"/>), keeping stored order among equal ones.</summary>
    private static void Sort(Span<TableSample> samples, int[] rank, SeriesTable table)
    {
        if (samples.Length > InsertionSortLimit)
        {
            // The general sort is not stable: sort positions, with the position breaking ties.
            var positions = new int[samples.Length];
            var copy = samples.ToArray();
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = i;
            }

            Array.Sort(positions, (x, y) => Compare(copy[x], copy[y], rank, table) is var order && order != 0 ? order : x.CompareTo(y));
            for (var i = 0; i < positions.Length; i++)
            {
                samples[i] = copy[positions[i]];
            }

            return;
        }

        for (var i = 1; i < samples.Length; i++)
        {
            var item = samples[i];
            var j = i - 1;
            while (j >= 0 && Compare(samples[j], item, rank, table) > 0)
            {
                samples[j + 1] = samples[j];
                j--;
            }

            samples[j + 1] = item;
        }
    }

    /// <summary>Output order: suffix rank, then numeric bound, then the stored <c>le</c> text.</summary>
    private static int Compare(TableSample x, TableSample y, int[] rank, SeriesTable table)
    {
        var order = rank[x.Suffix].CompareTo(rank[y.Suffix]);
        if (order == 0 && x.Bound != y.Bound)
        {
            order = Bound(x, table).CompareTo(Bound(y, table));
            if (order == 0)
            {
                order = string.CompareOrdinal(BoundText(x, table), BoundText(y, table));
            }
        }

        return order;
    }

    private static double Bound(TableSample sample, SeriesTable table) => sample.Bound < 0 ? 0 : table.BoundValue(sample.Bound);

    private static string? BoundText(TableSample sample, SeriesTable table) => sample.Bound < 0 ? null : table.BoundText(sample.Bound);

    /// <summary>
    /// Moves each sample that repeats the one before it in output order (same suffix and bucket bound; kept in stored
    /// order, so the first stored stays) out of the sorted <paramref name="samples"/>; returns how many are left first.
    /// </summary>
    private static int RemoveRepeated(Span<TableSample> samples, int[] rank, SeriesTable table)
    {
        var unique = Math.Min(samples.Length, 1);
        for (var i = 1; i < samples.Length; i++)
        {
            var previous = samples[unique - 1];
            if (rank[samples[i].Suffix] != rank[previous.Suffix] || Bound(samples[i], table) != Bound(previous, table))
            {
                samples[unique++] = samples[i];
            }
        }

        return unique;
    }

    /// <summary>True for no samples or nothing but <c>_created</c>.</summary>
    private static bool HoldsOnlyCreated(ReadOnlySpan<TableSample> samples)
    {
        foreach (var sample in samples)
        {
            if (sample.Suffix != CreatedId)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Finds a field's stored exemplar by its name, without a string per field name held as UTF-8 when the exemplars are
    /// in a dictionary that looks up spans (every store's).
    /// </summary>
    private readonly struct ExemplarLookup(IReadOnlyDictionary<string, Exemplar>? exemplars)
    {
        private const int StackChars = 256;

        public Exemplar? Find(StoredSample sample)
        {
            if (exemplars is not { Count: > 0 })
            {
                return null;
            }

            if (!sample.IsUtf8 || sample.Utf8Subkey.Length > StackChars || exemplars is not Dictionary<string, Exemplar> dictionary
                || !dictionary.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
            {
                return exemplars.GetValueOrDefault(sample.Subkey);
            }

            Span<char> chars = stackalloc char[StackChars];
            return lookup.TryGetValue(chars[..Encoding.UTF8.GetChars(sample.Utf8Subkey, chars)], out var exemplar) ? exemplar : null;
        }
    }

    /// <summary>
    /// A family's samples in stored order with the series each belongs to, in arrays from <see cref="ReadArrays{T}"/>,
    /// until <see cref="AddFamily"/> groups them by series. Dispose returns the arrays.
    /// </summary>
    private sealed class StagedSamples(int capacity) : IDisposable
    {
        private TableSample[] _samples = ReadArrays<TableSample>.Pool.Rent(Math.Max(capacity, 1));
        private int[] _series = ReadArrays<int>.Pool.Rent(Math.Max(capacity, 1));

        public int Count { get; private set; }

        public ReadOnlySpan<TableSample> Samples => _samples.AsSpan(0, Count);

        public ReadOnlySpan<int> Series => _series.AsSpan(0, Count);

        public void Add(int series, TableSample sample)
        {
            ReadArrays<TableSample>.Grow(ref _samples, Count + 1);
            ReadArrays<int>.Grow(ref _series, Count + 1);
            _samples[Count] = sample;
            _series[Count++] = series;
        }

        public void Dispose()
        {
            ReadArrays<TableSample>.Return(_samples);
            ReadArrays<int>.Return(_series);
            _samples = [];
            _series = [];
        }
    }
}
