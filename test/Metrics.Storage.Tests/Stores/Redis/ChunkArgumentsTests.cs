using System.Diagnostics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

public sealed class ChunkArgumentsTests
{
    [Fact]
    public void Writes_go_in_their_order_as_runs_of_one_operation_and_exemplars_follow_as_a_run_of_their_own()
    {
        var exemplar = new ExemplarWrite(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), 1, 1_700_000_000_000);
        var family = new FamilyWrite(Counter("orders", "kind"),
        [
            Add("_total", "{\"kind\":\"a\"}", 1) with { Exemplar = exemplar },
            Add("_total", "{\"kind\":\"b\"}", 2),
            Add("_total", "{\"kind\":\"c\"}", 1),
            Add("_total", "{\"kind\":\"d\"}", 1),
            Add("_total", "{\"kind\":\"e\"}", 0.5),
            new SampleWrite("_created:{\"kind\":\"d\"}", WriteKind.SetIfAbsent, 100),
            new SampleWrite("_created:{\"kind\":\"e\"}", WriteKind.SetIfAbsent, 100),
        ]);

        var arguments = ChunkArguments.Build("m1", "m0", "60000", "i1", [family]).Select(a => (string)a!).ToArray();

        string[] expected =
        [
            "m1", "m0", "60000", "orders", family.Metadata.ToJson(), "8", "25", "60000",
            "i", "2", "_total:{\"kind\":\"a\"}", "1", "_total:{\"kind\":\"b\"}", "2",
            "I", "2", "1", "_total:{\"kind\":\"c\"}", "_total:{\"kind\":\"d\"}",
            "a", "1", "_total:{\"kind\":\"e\"}", "0.5",
            "n", "2", "_created:{\"kind\":\"d\"}", "100", "_created:{\"kind\":\"e\"}", "100",
            "x", "1", "_total:{\"kind\":\"a\"}", arguments[^1],
        ];
        Assert.Equal(expected, arguments);
    }

    [Fact]
    public void Ten_thousand_counters_that_each_grew_by_one_are_one_run_sharing_the_delta()
    {
        var family = new FamilyWrite(Counter("requests", "path"),
            [.. Enumerable.Range(0, 10_000).Select(i => Add("_total", $"{{\"path\":\"/{i}\"}}", 1))]);

        var arguments = ChunkArguments.Build("m1", string.Empty, "60000", "i1", [family]);

        Assert.Equal(10_003 + 8, arguments.Length);
        Assert.Equal(["I", "10000", "1"], arguments[8..11].Select(a => (string)a!));
    }

    [Fact]
    public void Per_instance_gauge_values_are_one_run_of_sets_in_the_instance_fields()
    {
        var gauge = Gauge("workers") with { Mode = GaugeMode.LiveSum };
        var family = new FamilyWrite(gauge, [new SampleWrite(":{}", WriteKind.Add, 3)]);

        var arguments = ChunkArguments.Build("m1", string.Empty, "60000", "i1", [family]).Select(a => (string)a!).ToArray();

        string[] expected = ["1", "4", "60000", "s", "1", InstanceField.Prefix("i1") + ":{}", "3"];
        Assert.Equal(expected, arguments[5..]);
    }

    [Fact]
    public void Family_with_its_own_expiry_carries_it_in_milliseconds()
    {
        var family = new FamilyWrite(Gauge("job_progress"), [new SampleWrite(":{}", WriteKind.Set, 1)]) { Expiry = TimeSpan.FromMinutes(5) };

        var arguments = ChunkArguments.Build("m1", string.Empty, "60000", "i1", [family]).Select(a => (string)a!).ToArray();

        Assert.Equal(["1", "4", "300000", "s", "1", ":{}", "1"], arguments[5..]);
    }

    [Fact]
    public void Removals_are_runs_of_their_own_with_unprefixed_fields_in_a_per_instance_family()
    {
        var gauge = Gauge("workers") with { Mode = GaugeMode.LiveSum };
        var family = new FamilyWrite(gauge,
        [
            new SampleWrite(string.Empty, WriteKind.Clear, 0),
            new SampleWrite(":{\"q\":\"a\"}", WriteKind.Remove, 0),
            new SampleWrite(":{\"q\":\"a\"}", WriteKind.Set, 2),
        ]);

        var arguments = ChunkArguments.Build("m1", string.Empty, "60000", "i1", [family]).Select(a => (string)a!).ToArray();

        string[] expected = ["c", "1", "", "0", "R", "1", ":{\"q\":\"a\"}", "0", "s", "1", InstanceField.Prefix("i1") + ":{\"q\":\"a\"}", "2"];
        Assert.Equal(expected, arguments[8..]);
    }
}
