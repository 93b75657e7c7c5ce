using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Metrics;

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
            if (currentWrites > 0 && currentWrites + part.Samples.Count > maxWrites)
            {
                chunks.Add(current);
                current = [];
                currentWrites = 0;
            }

            current.Add(part);
            currentWrites += part.Samples.Count;
        }

        foreach (var family in families)
        {
            if (family.Samples.Count == 0)
            {
                continue;
            }

            if (family.Samples.Count <= maxWrites)
            {
                Add(family);
                continue;
            }

            foreach (var part in SplitBySeries(family, maxWrites))
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

    /// <summary>Groups a family's writes by series, then packs whole series into parts of at most the bound.</summary>
    private static IEnumerable<FamilyWrite> SplitBySeries(FamilyWrite family, int maxWrites)
    {
        var groups = new Dictionary<string, List<SampleWrite>>(StringComparer.Ordinal);
        var order = new List<List<SampleWrite>>();
        foreach (var sample in family.Samples)
        {
            var series = SeriesOf(family.Metadata, sample.Subkey);
            if (!groups.TryGetValue(series, out var group))
            {
                group = [];
                groups.Add(series, group);
                order.Add(group);
            }

            group.Add(sample);
        }

        var part = new List<SampleWrite>();
        foreach (var group in order)
        {
            if (part.Count > 0 && part.Count + group.Count > maxWrites)
            {
                yield return family with { Samples = part };
                part = [];
            }

            part.AddRange(group);
        }

        yield return family with { Samples = part };
    }

    /// <summary>
    /// The series a field belongs to: its label set without the labels that tell its samples apart
    /// (<c>le</c> of a histogram bucket, <c>quantile</c> of a summary quantile, a state set's state label, an info
    /// series' information labels: every state of a state set, and an info's old and new information, are written
    /// together).
    /// </summary>
    private static string SeriesOf(MetricMetadata metadata, string subkey)
    {
        if (!Subkey.TrySplit(subkey, out var suffix, out var labelsJson))
        {
            return subkey;
        }

        var type = metadata.Type;
        var distinguishing = suffix == "_bucket" ? "le" : suffix.Length == 0 && type == MetricType.Summary ? "quantile" : null;
        var declaredOnly = type is MetricType.Info or MetricType.StateSet;
        if (distinguishing is null && !declaredOnly)
        {
            return labelsJson;
        }

        try
        {
            var pairs = LabelJson.Parse(labelsJson)
                .Where(p => declaredOnly ? metadata.LabelNames.Contains(p.Key) : p.Key != distinguishing)
                .ToArray();
            return LabelJson.Encode(pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray());
        }
        catch (FormatException)
        {
            return subkey;
        }
    }
}
