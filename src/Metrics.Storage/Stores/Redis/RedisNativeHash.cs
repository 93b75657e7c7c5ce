using System.Globalization;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Reads a native histogram's hash (<see cref="RedisKeys.Native"/>, fields as <see cref="RedisScripts.ApplyChunk"/>
/// writes them) into its series. A field it cannot read is left out.
/// </summary>
internal static class RedisNativeHash
{
    /// <summary>The series of <paramref name="entries"/>, ordered by labels JSON; a series without a schema field is left out.</summary>
    public static List<NativeSeriesTotals> Parse(IReadOnlyCollection<HashEntry> entries)
    {
        var fields = new List<(string Kind, string Labels, string Value)>(entries.Count);
        var series = new SortedDictionary<string, NativeSeriesTotals>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (kind, labels, value) = (name[..colon], name[(colon + 1)..], (string)entry.Value!);
            if (kind == "s" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var schema))
            {
                series[labels] = new NativeSeriesTotals(labels, schema);
            }
            else
            {
                fields.Add((kind, labels, value));
            }
        }

        foreach (var (kind, labels, value) in fields)
        {
            if (series.TryGetValue(labels, out var totals))
            {
                Apply(totals, kind, value);
            }
        }

        return [.. series.Values];
    }

    private static void Apply(NativeSeriesTotals totals, string kind, string value)
    {
        if (kind is "zt" or "x")
        {
            if (RedisFloat.TryParse(value, out var number))
            {
                if (kind == "zt")
                {
                    totals.ZeroThreshold = number;
                }
                else
                {
                    totals.Sum = number;
                }
            }

            return;
        }

        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            return;
        }

        if (kind == "z")
        {
            totals.ZeroCount = count;
        }
        else if (kind == "c")
        {
            totals.Count = count;
        }
        else if (kind.Length > 1 && kind[0] is 'p' or 'n'
            && int.TryParse(kind.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
        {
            (kind[0] == 'p' ? totals.Positive : totals.Negative)[key] = count;
        }
    }
}
