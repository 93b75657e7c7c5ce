using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Instances;

/// <summary>
/// Info and state set metrics across instances on one store (the same in-memory store, SQLite file or Redis prefix):
/// stored like MostRecent gauges (the last write wins, values outlive the writer) and served by an instance that never
/// declared them, from the metadata stored with the data.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class InfoStateSetInstancesTests(RedisServerFixture redis)
{
    private static readonly string[] States = ["running", "paused", "stopped"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Info_last_write_wins_and_replaced_information_disappears_for_an_instance_that_never_declared_it(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open();
        var b = shared.Open();
        var reader = shared.Open(o => o.ScrapeCacheDuration = TimeSpan.Zero);
        var buildA = a.CreateInfo("build_info", "Build information.", "env").WithLabels("prod");
        var buildB = b.CreateInfo("build", "Build information.", "env").WithLabels("prod");

        buildA.Set(("version", "1.0"));
        await a.FlushAsync(Ct);
        buildB.Set(("version", "2.0"));
        await b.FlushAsync(Ct);
        Assert.Equal(
            ["build_info{env=\"prod\",version=\"1.0\"} 1", "build_info{env=\"prod\",version=\"2.0\"} 1"],
            await SamplesAsync(reader, "build_info"));

        buildA.Set(("version", "2.0"));
        await a.FlushAsync(Ct);
        Assert.Equal(["build_info{env=\"prod\",version=\"2.0\"} 1"], await SamplesAsync(reader, "build_info"));

        buildB.Set(("version", "1.0"));
        buildB.Set(("version", "3.0"));
        await b.FlushAsync(Ct);
        Assert.Equal(["build_info{env=\"prod\",version=\"3.0\"} 1"], await SamplesAsync(reader, "build_info"));

        await a.DisposeAsync();
        await b.DisposeAsync();
        var text = await StoreText.ScrapeAsync(reader);
        Assert.Contains("# HELP build_info Build information.\n# TYPE build_info gauge\nbuild_info{env=\"prod\",version=\"3.0\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "# TYPE build info\n# HELP build Build information.\nbuild_info{env=\"prod\",version=\"3.0\"} 1\n",
            await OpenMetricsAsync(reader),
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Enum_shows_exactly_the_state_set_last_by_any_instance_and_keeps_it_after_the_writers_exit(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open();
        var b = shared.Open();
        var reader = shared.Open(o => o.ScrapeCacheDuration = TimeSpan.Zero);
        var consumerA = a.CreateStateSet("consumer_state", "Consumer state.", States, "queue").WithLabels("orders");
        var consumerB = b.CreateStateSet("consumer_state", "Consumer state.", ["stopped", "paused", "running"], "queue").WithLabels("orders");

        consumerA.SetOnly("running");
        await a.FlushAsync(Ct);
        Assert.Equal(Expected("running"), await SamplesAsync(reader, "consumer_state"));

        consumerB.SetOnly("paused");
        await b.FlushAsync(Ct);
        Assert.Equal(Expected("paused"), await SamplesAsync(reader, "consumer_state"));

        var late = shared.Open();
        late.CreateStateSet("consumer_state", "Consumer state.", States, "queue").WithLabels("orders");
        await late.FlushAsync(Ct);
        Assert.Equal(Expected("paused"), await SamplesAsync(reader, "consumer_state"));

        consumerA.SetOnly("stopped");
        await a.DisposeAsync();
        await b.DisposeAsync();
        await late.DisposeAsync();
        Assert.Equal(Expected("stopped"), await SamplesAsync(reader, "consumer_state"));
        Assert.Contains("# TYPE consumer_state stateset\n", await OpenMetricsAsync(reader), StringComparison.Ordinal);
        Assert.Contains("# TYPE consumer_state gauge\n", await StoreText.ScrapeAsync(reader), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Another_instance_declaring_other_states_is_refused_and_the_stored_states_stay(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open();
        var b = shared.Open();
        a.CreateStateSet("consumer_state", "Consumer state.", States).SetOnly("running");
        await a.FlushAsync(Ct);

        b.CreateStateSet("consumer_state", "Consumer state.", ["running", "draining"]).SetOnly("draining");
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => b.FlushAsync(Ct));

        Assert.Contains("states [paused, running, stopped]", error.Message, StringComparison.Ordinal);
        Assert.Contains("states [draining, running]", error.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["consumer_state{consumer_state=\"paused\"} 0", "consumer_state{consumer_state=\"running\"} 1", "consumer_state{consumer_state=\"stopped\"} 0"],
            await SamplesAsync(a, "consumer_state"));
    }

    private static string[] Expected(string state) =>
        [.. States.Order(StringComparer.Ordinal).Select(s => $"consumer_state{{queue=\"orders\",consumer_state=\"{s}\"}} {(s == state ? 1 : 0)}")];

    private static async Task<string> OpenMetricsAsync(DistributedMetrics metrics)
    {
        using var body = new MemoryStream();
        await (await metrics.CollectAsync(Ct)).WriteAsync(body, ExpositionFormat.OpenMetrics, Ct);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
