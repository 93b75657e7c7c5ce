using System.Globalization;
using System.Text;

namespace Prometheus.Distributed.Tests.Hostile;

/// <summary>
/// Random store contents a foreign writer could leave: field names of the seed's shape with any suffix and any labels
/// JSON (reserved, undeclared, escaping-clashing and invalid names, non-string values, broken JSON, raw bytes), values
/// that are numbers or not, family names valid or not, metadata, exemplars. Deterministic for a seed.
/// </summary>
internal sealed class HostileContent(int seed)
{
    private static readonly string[] Suffixes =
        ["", "_total", "_created", "_bucket", "_count", "_sum", "_info", "_gcount", "value", "_totalvalue", "_bucket ", "\n", "_sum\"x"];

    private static readonly string[] LabelNames =
        ["kind", "le", "quantile", "instance", "__name__", "__name__", "__meta", "a.b", "a_b", "_.x", "_.x", "_x", "caf\u00e9", "0bad", "", " ",
         "a\"b", "a\\b", "a\nb", "other", "work", "breaker", "version"];

    private static readonly string[] LabelValues =
        ["a", "b", "", "+Inf", "Inf", "1.0", "0.005", "1e400", "-1", "NaN", "abc", "q\"uote", "back\\slash", "new\nline",
         "caf\u00e9", "\U0001F600", "a # b", "} 1", "\t"];

    private static readonly string[] Numbers =
        ["0", "1", "2", "3", "9", "-1", "-5", "0.5", "1e308", "-1e308", "nan", "inf", "-inf", "+inf", "1.5e-7", "17"];

    private static readonly string[] NotNumbers = ["abc", "", " 1", "1 ", "0x10", "1,5", "{}", "\u00e9", "--1", "1e", "NaNx"];

    private static readonly string[] FamilyNames =
        ["work", "latency_seconds", "temp", "sizes", "build", "breaker", "work_total", "latency_seconds_bucket", "temp_count",
         "fuzz", "fuzz.dotted", "fuzz_dotted", "caf\u00e9", "bad name", "0starts_with_digit", "__reserved", "a:b", "x\ny", ""];

    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "info", "stateset", "unknown", "7", "bogus"];

    /// <summary>The seed, for failure messages.</summary>
    public int Seed { get; } = seed;

    /// <summary>The generator.</summary>
    public Random Random { get; } = new(seed);

    /// <summary>A family name (store key part), mostly one the store holds already.</summary>
    public string FamilyName() => Random.Next(4) == 0 ? RandomText(8) : Pick(FamilyNames);

    /// <summary>A field name as UTF-8 bytes: usually <c>{suffix}:{labels json}</c>, sometimes anything.</summary>
    public byte[] Field()
    {
        return Random.Next(10) switch
        {
            0 => RandomBytes(12),
            1 => Encoding.UTF8.GetBytes(Pick(Suffixes) + LabelsJson()),
            _ => Encoding.UTF8.GetBytes(Pick(Suffixes) + ":" + LabelsJson()),
        };
    }

    /// <summary>A stored value: mostly a number's text, sometimes not one, sometimes raw bytes.</summary>
    public byte[] Value() => Random.Next(8) switch
    {
        0 => RandomBytes(6),
        1 => Encoding.UTF8.GetBytes(Pick(NotNumbers)),
        _ => Encoding.UTF8.GetBytes(Pick(Numbers)),
    };

    /// <summary>A value as SQLite would hold it from another writer: a real, an integer, text (a number or not) or a blob.</summary>
    public object SqliteValue() => Random.Next(6) switch
    {
        0 => RandomBytes(6),
        1 => Pick(NotNumbers),
        2 => Pick(Numbers),
        3 => (long)Random.Next(-3, 20),
        _ => Random.NextDouble() * Random.Next(-1000, 1000),
    };

    /// <summary>A metadata document: the library's shape with random contents, or not its shape.</summary>
    public string MetadataJson() => Random.Next(5) switch
    {
        0 => LabelsJson(),
        _ => $$"""{"type":"{{Pick(Types)}}","help":{{JsonString(Pick(LabelValues))}},"labels":[{{string.Join(",", Enumerable.Range(0, Random.Next(3)).Select(_ => JsonString(Pick(LabelNames))))}}],"buckets":[{{string.Join(",", Enumerable.Range(0, Random.Next(3)).Select(_ => Random.Next(-2, 5).ToString(CultureInfo.InvariantCulture)))}}]}""",
    };

    /// <summary>An exemplar document: the library's shape with random contents, or not its shape.</summary>
    public string ExemplarJson() => Random.Next(4) switch
    {
        0 => LabelsJson(),
        _ => $$"""{"labels":{{LabelsJson()}},"value":{{Pick(Numbers).Replace("nan", "1", StringComparison.Ordinal).Replace("inf", "2", StringComparison.Ordinal)}},"timestamp":{{Random.Next(-5, 1_800_000_000)}}}""",
    };

    /// <summary>A labels JSON text: a flat object of random names and values, or JSON of another shape, or broken text.</summary>
    public string LabelsJson()
    {
        switch (Random.Next(12))
        {
            case 0:
                return "{\"kind\":" + Pick(["7", "true", "null", "[\"a\"]", "{\"a\":\"b\"}", "1.5"]) + "}";
            case 1:
                return "{\"kind\":\"a\"";
            case 2:
                return Encoding.UTF8.GetString(RandomBytes(10));
            case 3:
                return "{\"kind\":\"a\",\"kind\":\"b\"}";
            case 4:
                return "{\"kind\":\"\\ud800\"}";
            default:
                var pairs = Enumerable.Range(0, Random.Next(0, 4))
                    .Select(_ => (Name: Pick(LabelNames), Value: Pick(LabelValues)))
                    .DistinctBy(p => p.Name)
                    .OrderBy(p => p.Name, StringComparer.Ordinal);
                return "{" + string.Join(",", pairs.Select(p => JsonString(p.Name) + ":" + JsonString(p.Value))) + "}";
        }
    }

    private T Pick<T>(T[] items) => items[Random.Next(items.Length)];

    private byte[] RandomBytes(int maxLength)
    {
        var bytes = new byte[Random.Next(1, maxLength + 1)];
        Random.NextBytes(bytes);
        return bytes;
    }

    private string RandomText(int maxLength) =>
        new([.. Enumerable.Range(0, Random.Next(1, maxLength + 1)).Select(_ => (char)Random.Next(0x20, 0x17F))]);

    private static string JsonString(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
