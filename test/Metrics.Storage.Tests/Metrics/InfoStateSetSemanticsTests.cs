using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;

namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>What one process's info and state set calls store, on the in-memory store.</summary>
public sealed class InfoStateSetSemanticsTests
{
    private static readonly string[] States = ["running", "paused", "stopped"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Info_declared_with_or_without_the_info_suffix_is_one_family()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        Assert.Same(metrics.CreateInfo("build_info", "Build."), metrics.CreateInfo("build", "Build."));
    }

    [Fact]
    public async Task Info_is_stored_only_once_set_and_information_replaced_before_a_flush_is_never_stored()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        var build = metrics.CreateInfo("build", "Build.");
        await metrics.FlushAsync(Token);
        Assert.DoesNotContain(await store.ReadAsync(Token), f => f.Name == "build");

        build.Set(("version", "1.0"));
        build.Set(("version", "1.1"));
        await metrics.FlushAsync(Token);

        Assert.Null(await store.ReadFieldAsync("build", "_info:{\"version\":\"1.0\"}"));
        Assert.Equal(1, await store.ReadFieldAsync("build", "_info:{\"version\":\"1.1\"}"));
    }

    [Fact]
    public async Task Info_pairs_in_another_order_or_from_a_dictionary_are_the_same_information()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        var build = metrics.CreateInfo("build", "Build.");
        build.Set(("version", "1.0"), ("commit", "abc"));
        await metrics.FlushAsync(Token);

        build.Set(("commit", "abc"), ("version", "1.0"));
        build.Set(new Dictionary<string, string> { ["version"] = "1.0", ["commit"] = "abc" });
        await metrics.FlushAsync(Token);

        var snapshot = await metrics.CollectAsync(Token);
        Assert.Equal(1, snapshot.GetValue("build_info", ("version", "1.0"), ("commit", "abc")));
        Assert.Single((await store.ReadAsync(Token)).Single(f => f.Name == "build").Samples);
    }

    [Fact]
    public async Task Unlabelled_state_set_is_stored_with_every_state_at_zero_before_any_change()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        metrics.CreateStateSet("consumer_state", "Consumer state.", States);

        await metrics.FlushAsync(Token);

        foreach (var state in States)
        {
            Assert.Equal(0, await store.ReadFieldAsync("consumer_state", $":{{\"consumer_state\":\"{state}\"}}"));
        }
    }

    [Fact]
    public async Task Set_changes_one_state_and_SetOnly_leaves_exactly_one_holding()
    {
        await using var metrics = MetricsHarness.Create(new InMemoryMetricStore(), o => o.ScrapeCacheDuration = TimeSpan.Zero);
        var consumer = metrics.CreateStateSet("consumer_state", "Consumer state.", States, "queue").WithLabels("orders");

        consumer.Set("running", true);
        consumer.Set("paused", true);
        consumer.Set("running", false);
        await metrics.FlushAsync(Token);
        Assert.Equal([0, 1, 0], await ValuesAsync(metrics));

        consumer.Set("running", true);
        consumer.SetOnly("stopped");
        await metrics.FlushAsync(Token);
        Assert.Equal([0, 0, 1], await ValuesAsync(metrics));
    }

    private static async Task<double?[]> ValuesAsync(DistributedMetrics metrics)
    {
        var snapshot = await metrics.CollectAsync(Token);
        return [.. States.Select(s => snapshot.GetValue("consumer_state", ("queue", "orders"), ("consumer_state", s)))];
    }
}
