using Prometheus.Distributed.Exposition;
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

    /// <summary>
    /// Groups a family's writes by series (in order of first appearance, each series' writes in stored order), then
    /// packs whole series into parts of at most the bound. The groups are found without copying any field name.
    /// </summary>
    private static IEnumerable<FamilyWrite> SplitBySeries(FamilyWrite family, int maxWrites)
    {
        var samples = family.Samples;
        var groupOf = new int[samples.Count];
        var groups = new Dictionary<FieldJson, int>();
        for (var i = 0; i < samples.Count; i++)
        {
            var series = SeriesOf(family.Metadata, samples[i].Subkey);
            if (!groups.TryGetValue(series, out var group))
            {
                group = groups.Count;
                groups.Add(series, group);
            }

            groupOf[i] = group;
        }

        var starts = new int[groups.Count + 1];
        foreach (var group in groupOf)
        {
            starts[group + 1]++;
        }

        for (var g = 0; g < groups.Count; g++)
        {
            starts[g + 1] += starts[g];
        }

        var next = starts[..^1];
        var ordered = new SampleWrite[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            ordered[next[groupOf[i]]++] = samples[i];
        }

        var partStart = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            if (starts[g] > partStart && starts[g + 1] - partStart > maxWrites)
            {
                yield return family with { Samples = new ArraySegment<SampleWrite>(ordered, partStart, starts[g] - partStart) };
                partStart = starts[g];
            }
        }

        yield return family with { Samples = new ArraySegment<SampleWrite>(ordered, partStart, ordered.Length - partStart) };
    }

    /// <summary>
    /// The series a field belongs to: its label set without the labels that tell its samples apart
    /// (<c>le</c> of a histogram bucket, <c>quantile</c> of a summary quantile, a state set's state label, an info
    /// series' information labels: every state of a state set, and an info's old and new information, are written
    /// together).
    /// </summary>
    private static FieldJson SeriesOf(MetricMetadata metadata, string subkey)
    {
        var colon = subkey.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new FieldJson(subkey, 0);
        }

        var type = metadata.Type;
        var suffix = subkey.AsSpan(0, colon);
        var distinguishing = suffix.SequenceEqual("_bucket") ? "le" : suffix.Length == 0 && type == MetricType.Summary ? "quantile" : null;
        var declaredOnly = type is MetricType.Info or MetricType.StateSet;
        if (distinguishing is null && !declaredOnly)
        {
            return new FieldJson(subkey, colon + 1);
        }

        try
        {
            var pairs = LabelJson.Parse(subkey[(colon + 1)..])
                .Where(p => declaredOnly ? metadata.LabelNames.Contains(p.Key) : p.Key != distinguishing)
                .ToArray();
            return new FieldJson(LabelJson.Encode(pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray()), 0);
        }
        catch (FormatException)
        {
            return new FieldJson(subkey, 0);
        }
    }
}
