using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Splits a flush into chunks of at most a given number of writes, one Lua script call each. A family is never
/// split while it fits in one chunk; a family larger than a chunk is split between series, never inside one, so a
/// reader always sees a series whole (a histogram's <c>_count</c> equals its <c>+Inf</c> bucket). A single series
/// larger than the bound gets a chunk of its own. The plan depends only on the batch, so a retry chunks alike.
/// </summary>
internal static class WriteChunkPlanner
{
    /// <summary>Plans the chunks; each chunk is a list of family parts, each part carrying its family's metadata.</summary>
    public static IReadOnlyList<IReadOnlyList<FamilyWrite>> Plan(IReadOnlyList<FamilyWrite> families, int maxWrites)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWrites, 1);
        var chunks = new List<IReadOnlyList<FamilyWrite>>();
        var current = new List<FamilyWrite>();
        var currentWrites = 0;

        void Add(FamilyWrite part)
        {
            var writes = Weight(part);
            if (currentWrites > 0 && currentWrites + writes > maxWrites)
            {
                chunks.Add(current);
                current = [];
                currentWrites = 0;
            }

            current.Add(part);
            currentWrites += writes;
        }

        foreach (var family in families)
        {
            if (Weight(family) == 0)
            {
                continue;
            }

            if (Weight(family) <= maxWrites)
            {
                Add(family);
                continue;
            }

            var classic = family with { NativeSeries = [] };
            foreach (var part in classic.Samples.Count <= maxWrites ? [classic] : SplitBySeries(classic, maxWrites))
            {
                Add(part);
            }

            foreach (var part in SplitNative(family, maxWrites))
            {
                Add(part);
            }
        }

        if (currentWrites > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    /// <summary>
    /// A native histogram's series in parts of at most the bound's writes (a larger series gets a part of its own), each
    /// series whole, without the family's classic writes.
    /// </summary>
    private static IEnumerable<FamilyWrite> SplitNative(FamilyWrite family, int maxWrites)
    {
        var part = new List<NativeHistogramWrite>();
        var writes = 0;
        foreach (var series in family.NativeSeries)
        {
            var weight = Weight(series);
            if (part.Count > 0 && writes + weight > maxWrites)
            {
                yield return family with { Samples = [], NativeSeries = part };
                part = [];
                writes = 0;
            }

            part.Add(series);
            writes += weight;
        }

        if (part.Count > 0)
        {
            yield return family with { Samples = [], NativeSeries = part };
        }
    }

    /// <summary>The writes a part makes: its samples, and for each native-histogram series its fields and buckets.</summary>
    private static int Weight(FamilyWrite family)
    {
        var writes = family.Samples.Count;
        foreach (var native in family.NativeSeries)
        {
            writes += Weight(native);
        }

        return writes;
    }

    /// <summary>The writes of one native-histogram series: its five fields and its buckets.</summary>
    private static int Weight(NativeHistogramWrite series) => 5 + series.Positive.Count + series.Negative.Count;

    /// <summary>
    /// Packs a family's series, whose writes are adjacent (see <see cref="FamilyWrite"/>), whole into parts of at most
    /// the bound, in their order. A series ends where the next write's series differs, so finding the parts takes one
    /// comparison per write and no lookup table, and each part is a copy of at most the bound's writes (an array
    /// below the large object heap at the default bound).
    /// </summary>
    private static IEnumerable<FamilyWrite> SplitBySeries(FamilyWrite family, int maxWrites)
    {
        var samples = family.Samples;
        var partStart = 0;
        var seriesStart = 0;
        var series = SeriesOf(family.Metadata, samples[0].Subkey);
        for (var i = 1; i <= samples.Count; i++)
        {
            if (i < samples.Count)
            {
                var next = SeriesOf(family.Metadata, samples[i].Subkey);
                if (next == series)
                {
                    continue;
                }

                series = next;
            }

            if (seriesStart > partStart && i - partStart > maxWrites)
            {
                yield return Part(family, partStart, seriesStart);
                partStart = seriesStart;
            }

            seriesStart = i;
        }

        yield return Part(family, partStart, samples.Count);
    }

    /// <summary>The family's writes from <paramref name="start"/> up to <paramref name="end"/>, copied.</summary>
    private static FamilyWrite Part(FamilyWrite family, int start, int end)
    {
        var samples = new SampleWrite[end - start];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = family.Samples[start + i];
        }

        return family with { Samples = samples };
    }

    /// <summary>
    /// The series a field belongs to: its label set without the labels that tell its samples apart
    /// (<c>le</c> of a histogram bucket, <c>quantile</c> of a summary quantile, a state set's state label, an info
    /// series' information labels: every state of a state set, and an info's old and new information, are written
    /// together).
    /// </summary>
    private static FieldName SeriesOf(MetricMetadata metadata, string subkey)
    {
        var field = new FieldName(subkey);
        if (!field.TrySplit(out var suffix, out var json))
        {
            return field;
        }

        var type = metadata.Type;
        var distinguishing = suffix == FamilyShape.Bucket ? "le" : suffix.Length == 0 && type == MetricType.Summary ? "quantile" : null;
        var declaredOnly = type is MetricType.Info or MetricType.StateSet;
        if (distinguishing is null && !declaredOnly)
        {
            return json;
        }

        try
        {
            var pairs = LabelJson.Parse(json.ToString())
                .Where(p => declaredOnly ? metadata.LabelNames.Contains(p.Key) : p.Key != distinguishing)
                .ToArray();
            return new FieldName(LabelJson.Encode(pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray()));
        }
        catch (FormatException)
        {
            return field;
        }
    }
}
