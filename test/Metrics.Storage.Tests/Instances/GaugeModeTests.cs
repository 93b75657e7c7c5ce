using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Instances;

[Collection(RedisServerGroup.Name)]
public sealed class GaugeModeTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, GaugeMode, string[]> Cases()
    {
        var data = new TheoryData<string, GaugeMode, string[]>();
        foreach (var kind in Kinds)
        {
            // One shared value: a's set (3), then b's increment (+5) added to it.
            data.Add(kind, GaugeMode.MostRecent, ["queue_depth{queue=\"q\"} 8"]);
            data.Add(kind, GaugeMode.Sum, ["queue_depth{queue=\"q\"} 8"]);
            data.Add(kind, GaugeMode.LiveSum, ["queue_depth{queue=\"q\"} 8"]);
            data.Add(kind, GaugeMode.Max, ["queue_depth{queue=\"q\"} 5"]);
            data.Add(kind, GaugeMode.LiveMax, ["queue_depth{queue=\"q\"} 5"]);
            data.Add(kind, GaugeMode.Min, ["queue_depth{queue=\"q\"} 3"]);
            data.Add(kind, GaugeMode.LiveMin, ["queue_depth{queue=\"q\"} 3"]);
            data.Add(kind, GaugeMode.PerInstance, ["queue_depth{queue=\"q\",instance=\"a\"} 3", "queue_depth{queue=\"q\",instance=\"b\"} 5"]);
            data.Add(kind, GaugeMode.LivePerInstance, ["queue_depth{queue=\"q\",instance=\"a\"} 3", "queue_depth{queue=\"q\",instance=\"b\"} 5"]);
        }

        return data;
    }

    // a: set 10, dec 9, inc 2 (its own value 3); b: inc 5 (its own value 5).
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Values_of_two_instances_combine_as_the_mode_says(string kind, GaugeMode mode, string[] expected)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => o.InstanceId = "a");
        var b = shared.Open(o => o.InstanceId = "b");
        var depthA = a.CreateGauge("queue_depth", "Items waiting.", mode, "queue").WithLabels("q");
        var depthB = b.CreateGauge("queue_depth", "Items waiting.", mode, "queue").WithLabels("q");

        depthA.Set(10);
        depthA.Dec(9);
        depthA.Inc(2);
        await a.FlushAsync(Ct);
        depthB.Inc(5);
        await b.FlushAsync(Ct);

        Assert.Equal(expected, await SamplesAsync(a, "queue_depth"));
        Assert.Equal(expected, await SamplesAsync(b, "queue_depth"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Per_instance_value_is_sent_whole_so_later_changes_replace_it(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => o.InstanceId = "a");
        var b = shared.Open(o => o.InstanceId = "b");
        var inFlightA = a.CreateGauge("in_flight", "Requests in flight.", GaugeMode.Sum);
        var inFlightB = b.CreateGauge("in_flight", "Requests in flight.", GaugeMode.Sum);

        inFlightA.Inc(4);
        inFlightB.Inc(1);
        await a.FlushAsync(Ct);
        await b.FlushAsync(Ct);
        inFlightA.Dec(3);
        await a.FlushAsync(Ct);
        await a.FlushAsync(Ct);

        Assert.Equal(["in_flight 2"], await SamplesAsync(a, "in_flight"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Live_instances_self_metric_counts_the_instances_that_heartbeat(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open();
        var b = shared.Open();
        var c = shared.Open();

        await Task.WhenAll(a.FlushAsync(Ct), b.FlushAsync(Ct), c.FlushAsync(Ct));

        Assert.Equal(["distributed_metrics_live_instances 3"], await SamplesAsync(a, "distributed_metrics_live_instances"));
    }

    public static TheoryData<string> StoreKinds() => [.. Kinds];
}
