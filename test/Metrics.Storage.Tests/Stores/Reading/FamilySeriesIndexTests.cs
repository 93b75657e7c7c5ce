using System.Text;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;
using Prometheus.Distributed.Stores.Seed;

using Prometheus.Distributed.Tests.Stores.Seed;

namespace Prometheus.Distributed.Tests.Stores.Reading;

public sealed class FamilySeriesIndexTests
{
    [Theory]
    [MemberData(nameof(LabelJsonCases.Accepted), MemberType = typeof(LabelJsonCases))]
    public void Accepts_what_LabelJson_accepts_with_the_same_pairs(string json)
    {
        foreach (var asUtf8 in (bool[])[true, false])
        {
            Assert.True(TryRead(json, asUtf8, out var pairs));
            Assert.Equal(LabelJson.Parse(json), pairs);
        }
    }

    [Theory]
    [MemberData(nameof(LabelJsonCases.Rejected), MemberType = typeof(LabelJsonCases))]
    public void Rejects_what_LabelJson_rejects(string json)
    {
        Assert.Throws<FormatException>(() => LabelJson.Parse(json));
        Assert.False(TryRead(json, asUtf8: true, out _));
        Assert.False(TryRead(json, asUtf8: false, out _));
    }

    [Fact]
    public void Labels_json_naming_one_label_set_twice_is_one_series()
    {
        using var table = new SeriesTable(2);
        var index = new FamilySeriesIndex(table, ["method", "code"], splitLe: false, LabelRules.For("f", MetricType.Counter, null));

        Assert.True(index.TryGet(Field("{\"code\":\"200\",\"method\":\"GET\"}"), 1, out var first, out _, out _));
        Assert.True(index.TryGet(Field("{ \"method\" : \"GET\", \"code\" : \"200\" }"), 1, out var second, out _, out _));
        Assert.True(index.TryGet(Field("{\"code\":\"500\",\"method\":\"GET\"}"), 1, out var third, out _, out _));

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
        Assert.Equal(["method", "code"], table.LabelsOf(table.Series[first]).ToArray().Select(l => table.Names[l.Name]));
    }

    [Fact]
    public void Round_trips_random_values_encoded_like_the_seed()
    {
        foreach (var (value, json) in LabelJsonCases.RandomValues())
        {
            Assert.True(TryRead(json, asUtf8: true, out var pairs), json);
            Assert.Equal([new("a", "fixed"), new("k", value)], pairs);
        }
    }

    /// <summary>A field <c>:{json}</c> whose name is held as UTF-8, in a buffer holding other bytes around it as a store's does.</summary>
    private static StoredSample Field(string json)
    {
        var name = Encoding.UTF8.GetBytes(":" + json);
        return new StoredSample([.. "x"u8, .. name, .. "y"u8], 1, name.Length, 1);
    }

    /// <summary>Reads <paramref name="json"/> as a field's labels, held as UTF-8 (as Redis and SQLite give them) or as text.</summary>
    private static bool TryRead(string json, bool asUtf8, out List<KeyValuePair<string, string>> pairs)
    {
        using var table = new SeriesTable(1);
        var index = new FamilySeriesIndex(table, null, splitLe: false, LabelRules.For("f", MetricType.Gauge, null));
        pairs = [];
        var field = asUtf8 ? Field(json) : new StoredSample(":" + json, 1);
        if (!index.TryGet(field, 1, out var series, out _, out _))
        {
            return false;
        }

        foreach (var label in table.LabelsOf(table.Series[series]))
        {
            pairs.Add(new(table.Names[label.Name], table.ValueText(label)));
        }

        return true;
    }
}
