using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Instances;

/// <summary>
/// An instance that stops heartbeating without exiting (as a frozen or killed process does): its flusher runs only
/// when the test calls <see cref="DistributedMetrics.FlushAsync"/>, while the observing instance flushes every 50 ms.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class LivenessTests(RedisServerFixture redis)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    /// <summary>
    /// Two instances over one store, each with a value in every gauge mode: "alive" flushes (and so heartbeats) every
    /// 50 ms; "silent" only when a test says so, so it goes dead after <see cref="Timeout"/>.
    /// </summary>
    private static (DistributedMetrics Alive, DistributedMetrics Silent) OpenAliveAndSilent(SharedStore shared)
    {
        var alive = shared.Open(o =>
        {
            o.InstanceId = "alive";
            o.FlushInterval = TimeSpan.FromMilliseconds(50);
            o.InstanceTimeout = Timeout;
        });
        var silent = shared.Open(o =>
        {
            o.InstanceId = "silent";
            o.FlushInterval = TimeSpan.FromHours(1);
        });
        Declare(alive, 1);
        Declare(silent, 10);
        return (alive, silent);
    }
    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Silent_instance_leaves_live_modes_keeps_other_modes_and_its_live_values_are_removed(string kind)
    {
        await using var shared = Create(kind, redis);
        var (alive, silent) = OpenAliveAndSilent(shared);
        await alive.FlushAsync(Ct);
        await silent.FlushAsync(Ct);

        await AwaitSamplesAsync(alive, "live_sum", "live_sum 11");
        await AwaitSamplesAsync(alive, "live_per_instance", "live_per_instance{instance=\"alive\"} 1", "live_per_instance{instance=\"silent\"} 10");
        await AwaitSamplesAsync(alive, "distributed_metrics_live_instances", "distributed_metrics_live_instances 2");

        await AwaitSamplesAsync(alive, "live_sum", "live_sum 1");
        await AwaitSamplesAsync(alive, "live_per_instance", "live_per_instance{instance=\"alive\"} 1");
        await AwaitSamplesAsync(alive, "distributed_metrics_live_instances", "distributed_metrics_live_instances 1");
        Assert.Equal(["sum 11"], await SamplesAsync(alive, "sum"));
        Assert.Equal(["per_instance{instance=\"alive\"} 1", "per_instance{instance=\"silent\"} 10"], await SamplesAsync(alive, "per_instance"));
        await AwaitStoredInstancesAsync(shared, "live_sum", "alive");
        Assert.Equal(["alive", "silent"], await StoredInstancesAsync(shared, "sum"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Instance_removed_as_dead_sends_its_values_again_when_it_heartbeats_again(string kind)
    {
        await using var shared = Create(kind, redis);
        var (alive, silent) = OpenAliveAndSilent(shared);
        await silent.FlushAsync(Ct);
        await AwaitStoredInstancesAsync(shared, "live_sum", "alive");

        await silent.FlushAsync(Ct);

        await AwaitSamplesAsync(alive, "live_sum", "live_sum 11");
    }

    private static void Declare(DistributedMetrics metrics, double value)
    {
        metrics.CreateGauge("live_sum", "Live sum.", GaugeMode.LiveSum).Set(value);
        metrics.CreateGauge("live_per_instance", "Live per instance.", GaugeMode.LivePerInstance).Set(value);
        metrics.CreateGauge("sum", "Sum.", GaugeMode.Sum).Set(value);
        metrics.CreateGauge("per_instance", "Per instance.", GaugeMode.PerInstance).Set(value);
    }

    private static async Task<string[]> StoredInstancesAsync(SharedStore shared, string family)
    {
        var families = await shared.Observer.ReadAsync(Ct);
        return [.. families.Where(f => f.Name == family).SelectMany(f => f.InstanceSamples ?? []).Select(s => s.InstanceId).Order(StringComparer.Ordinal)];
    }

    private static async Task AwaitStoredInstancesAsync(SharedStore shared, string family, params string[] expected)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (!(await StoredInstancesAsync(shared, family)).SequenceEqual(expected))
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
