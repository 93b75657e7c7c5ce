using System.Diagnostics;
using Prometheus.Distributed.Flushing;
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
            Add("_total", "{\"kind\":\"c\"}", 0.5),
            new SampleWrite("_created:{\"kind\":\"c\"}", WriteKind.SetIfAbsent, 100),
            new SampleWrite("_created:{\"kind\":\"d\"}", WriteKind.SetIfAbsent, 100),
        ]);

        var arguments = ChunkArguments.Build("m1", "m0", "60000", "i1", [family]).Select(a => (string)a!).ToArray();

        string[] expected =
        [
            "m1", "m0", "60000", "orders", family.Metadata.ToJson(), "6", "20",
            "i", "2", "_total:{\"kind\":\"a\"}", "1", "_total:{\"kind\":\"b\"}", "2",
            "a", "1", "_total:{\"kind\":\"c\"}", "0.5",
            "n", "2", "_created:{\"kind\":\"c\"}", "100", "_created:{\"kind\":\"d\"}", "100",
            "x", "1", "_total:{\"kind\":\"a\"}", arguments[^1],
        ];
        Assert.Equal(expected, arguments);
    }

    [Fact]
    public void Per_instance_gauge_values_are_one_run_of_sets_in_the_instance_fields()
    {
        var gauge = Gauge("workers") with { Mode = GaugeMode.LiveSum };
        var family = new FamilyWrite(gauge, [new SampleWrite(":{}", WriteKind.Add, 3)]);

        var arguments = ChunkArguments.Build("m1", string.Empty, "60000", "i1", [family]).Select(a => (string)a!).ToArray();

        string[] expected = ["1", "4", "s", "1", InstanceField.Prefix("i1") + ":{}", "3"];
        Assert.Equal(expected, arguments[5..]);
    }
}
