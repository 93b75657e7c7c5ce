using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Reads a native histogram's hash (<see cref="RedisKeys.Native"/>, fields as <see cref="RedisScripts.ApplyChunk"/>
/// writes them: <c>{kind}:{labels json}</c>) into its series, one field at a time as the pages arrive. Field names and
/// values are parsed from the UTF-8 bytes the client read; a series' labels JSON becomes a string once, when the series
/// is first seen, not once per field (a series has a field per bucket). A field it cannot read is left out, and so is a
/// series without a schema field.
/// </summary>
internal sealed class RedisNativeHash
{
    private readonly Dictionary<string, Fields> bySeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Fields>.AlternateLookup<ReadOnlySpan<char>> byChars;
    private char[] labels = new char[256];

    /// <summary>Creates an empty reader.</summary>
    public RedisNativeHash() => byChars = bySeries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Takes one field of the hash.</summary>
    public void Add(HashEntry entry)
    {
        var name = ((ReadOnlyMemory<byte>)entry.Name).Span;
        var colon = name.IndexOf((byte)':');
        if (colon <= 0)
        {
            return;
        }

        var kind = name[..colon];
        var fields = SeriesOf(name[(colon + 1)..]);
        var value = ((ReadOnlyMemory<byte>)entry.Value).Span;
        if (kind.SequenceEqual("s"u8))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var schema))
            {
                fields.Schema = schema;
            }
        }
        else if (kind.SequenceEqual("zt"u8) || kind.SequenceEqual("x"u8))
        {
            if (!RedisFloat.TryParse(entry.Value, out var number))
            {
                return;
            }

            if (kind[0] == (byte)'x')
            {
                fields.Sum = number;
            }
            else
            {
                fields.ZeroThreshold = number;
            }
        }
        else if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            if (kind.SequenceEqual("z"u8))
            {
                fields.ZeroCount = count;
            }
            else if (kind.SequenceEqual("c"u8))
            {
                fields.Count = count;
            }
            else if (kind.Length > 1 && kind[0] is (byte)'p' or (byte)'n'
                && int.TryParse(kind[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
            {
                (kind[0] == (byte)'p' ? fields.Positive : fields.Negative).Add(new(key, count));
            }
        }
    }

    /// <summary>The series read, ordered by labels JSON; a series without a schema field is left out.</summary>
    public List<NativeSeriesTotals> ToSeries()
    {
        var series = new List<NativeSeriesTotals>(bySeries.Count);
        foreach (var (labelsJson, fields) in bySeries)
        {
            if (fields.Schema is not { } schema)
            {
                continue;
            }

            var totals = new NativeSeriesTotals(labelsJson, schema)
            {
                ZeroThreshold = fields.ZeroThreshold,
                ZeroCount = fields.ZeroCount,
                Count = fields.Count,
                Sum = fields.Sum,
            };
            foreach (var (key, count) in fields.Positive)
            {
                totals.Positive[key] = count;
            }

            foreach (var (key, count) in fields.Negative)
            {
                totals.Negative[key] = count;
            }

            series.Add(totals);
        }

        series.Sort((a, b) => string.CompareOrdinal(a.LabelsJson, b.LabelsJson));
        return series;
    }

    /// <summary>The fields of the series whose labels JSON is <paramref name="utf8"/>, created when first seen.</summary>
    private Fields SeriesOf(ReadOnlySpan<byte> utf8)
    {
        if (labels.Length < utf8.Length)
        {
            labels = new char[Math.Max(utf8.Length, labels.Length * 2)];
        }

        var chars = labels.AsSpan(0, Encoding.UTF8.GetChars(utf8, labels));
        if (!byChars.TryGetValue(chars, out var fields))
        {
            fields = new Fields();
            bySeries.Add(chars.ToString(), fields);
        }

        return fields;
    }

    /// <summary>What the hash held for one series, in any order of its fields.</summary>
    private sealed class Fields
    {
        public int? Schema;
        public double ZeroThreshold;
        public long ZeroCount;
        public long Count;
        public double Sum;
        public readonly List<KeyValuePair<int, long>> Positive = [];
        public readonly List<KeyValuePair<int, long>> Negative = [];
    }
}
