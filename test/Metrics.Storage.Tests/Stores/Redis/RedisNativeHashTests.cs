using System.Text;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using StackExchange.Redis;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>The native-histogram hash as Redis returns it, in whatever order its fields come, damaged fields included.</summary>
public sealed class RedisNativeHashTests
{
    [Fact]
    public void Fields_in_any_order_make_each_series_whole()
    {
        var hash = Read(
            ("p3:{\"a\":\"1\"}", "4"),
            ("n-2:{\"a\":\"1\"}", "1"),
            ("c:{\"a\":\"1\"}", "6"),
            ("x:{\"a\":\"1\"}", "2.5"),
            ("z:{\"a\":\"1\"}", "1"),
            ("zt:{\"a\":\"1\"}", "1e-128"),
            ("s:{\"a\":\"1\"}", "3"),
            ("p4:{\"a\":\"1\"}", "0"));

        var series = Assert.Single(hash);
        Assert.Equal("{\"a\":\"1\"}", series.LabelsJson);
        Assert.Equal(3, series.Schema);
        Assert.Equal(6, series.Count);
        Assert.Equal(2.5, series.Sum);
        Assert.Equal(1, series.ZeroCount);
        Assert.Equal(1e-128, series.ZeroThreshold);
        Assert.Equal([new(3, 4), new(4, 0)], series.Positive);
        Assert.Equal([new(-2, 1)], series.Negative);
    }

    [Fact]
    public void Series_come_ordered_by_labels_json_and_keep_non_ascii_labels()
    {
        var hash = Read(
            ("s:{\"city\":\"Z\u00fcrich\"}", "0"),
            ("c:{\"city\":\"Z\u00fcrich\"}", "2"),
            ("s:{\"city\":\"Bern\"}", "1"),
            ("s:{}", "2"));

        Assert.Equal(["{\"city\":\"Bern\"}", "{\"city\":\"Z\u00fcrich\"}", "{}"], hash.Select(s => s.LabelsJson));
        Assert.Equal(2, hash[1].Count);
    }

    [Fact]
    public void Unreadable_fields_are_left_out_and_a_series_without_a_schema_is_dropped()
    {
        var hash = Read(
            ("s:{}", "1"),
            ("c:{}", "not a number"),
            ("p:{}", "3"),
            ("pX:{}", "3"),
            ("q7:{}", "3"),
            ("nocolon", "1"),
            (":{}", "1"),
            ("p1:{}", "5"),
            ("c:{\"orphan\":\"1\"}", "9"),
            ("s:{\"bad\":\"1\"}", "three"));

        var series = Assert.Single(hash);
        Assert.Equal("{}", series.LabelsJson);
        Assert.Equal(0, series.Count);
        Assert.Equal([new(1, 5)], series.Positive);
    }

    private static List<NativeSeriesTotals> Read(params (string Name, string Value)[] fields)
    {
        var hash = new RedisNativeHash();
        foreach (var (name, value) in fields)
        {
            hash.Add(new HashEntry(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value)));
        }

        return hash.ToSeries();
    }
}
