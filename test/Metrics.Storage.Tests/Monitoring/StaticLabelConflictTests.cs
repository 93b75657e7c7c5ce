using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;
using Prometheus.Distributed.Tests.Instances;

namespace Prometheus.Distributed.Tests.Monitoring;

/// <summary>
/// Static label names are part of every family's declaration in the store: processes with the same names and other
/// values write side by side; a process with other names is refused like any conflicting declaration, and the stored
/// data stays as it was.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class StaticLabelConflictTests(RedisServerFixture redis)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [SharedStore.Sqlite, SharedStore.Redis];

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Processes_with_other_static_values_write_their_own_series(string kind)
    {
        await using var store = SharedStore.Create(kind, redis);
        var checkout = store.Open(o => o.StaticLabels["service"] = "checkout");
        var billing = store.Open(o => o.StaticLabels["service"] = "billing");
        checkout.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(2);
        billing.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(5);
        await checkout.FlushAsync(Token);
        await billing.FlushAsync(Token);

        var samples = await SharedStore.SamplesAsync(checkout, "orders_total");

        Assert.Equal(
            ["orders_total{country=\"fr\",service=\"billing\"} 5", "orders_total{country=\"fr\",service=\"checkout\"} 2"],
            samples);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task A_process_with_other_static_label_names_is_refused_and_stored_data_is_untouched(string kind)
    {
        await using var store = SharedStore.Create(kind, redis);
        var first = store.Open(o => o.StaticLabels["service"] = "checkout");
        first.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(2);
        await first.FlushAsync(Token);

        var second = store.Open(o =>
        {
            o.StaticLabels["team"] = "payments";
            o.SelfMetrics = false;
        });
        second.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(5);
        second.CreateCounter("refunds_total", "Refunds.").Inc(1);
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.FlushAsync(Token));

        Assert.Contains("Metric 'orders' is stored as a counter with labels [country, service]", error.Message, StringComparison.Ordinal);
        Assert.Contains("declared it as a counter with labels [country, team]", error.Message, StringComparison.Ordinal);
        var text = await StoreText.ScrapeAsync(first);
        Assert.Contains("orders_total{country=\"fr\",service=\"checkout\"} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("team=", text.Replace("refunds_total{team=\"payments\"}", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("refunds_total{team=\"payments\"} 1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Self_metrics_are_declared_alike_whatever_the_static_labels_so_none_is_refused(string kind)
    {
        await using var store = SharedStore.Create(kind, redis);
        var first = store.Open(o => o.StaticLabels["service"] = "checkout");
        first.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(2);
        await first.FlushAsync(Token);
        await first.FlushAsync(Token);

        var second = store.Open(o => o.StaticLabels["team"] = "payments");
        second.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(5);
        var error = await Assert.ThrowsAnyAsync<MetadataConflictException>(() => second.FlushAsync(Token));
        await second.FlushAsync(Token);

        Assert.Equal(["orders"], error.Conflicts.Select(c => c.Declared.Name));
        var text = await StoreText.ScrapeAsync(first);
        Assert.Contains("distributed_metrics_flush_refused_total{metric=\"orders\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("distributed_metrics_flush_duration_seconds_count{", text, StringComparison.Ordinal);
    }
}
