using System.Diagnostics.Metrics;
using Prometheus.Distributed.AspNetCore.Meters;
using Prometheus.Distributed.Testing;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// Two processes (two <see cref="DistributedMetrics"/> over one SQLite file, each with its own bridge and meter) whose
/// instruments of the same name see different first measurements: with tag keys known in advance both declare the same
/// family and their measurements add up; without, the later declaration is refused.
/// </summary>
public sealed class MeterBridgeSharedStoreTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string id = Guid.NewGuid().ToString("N");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Instances_with_different_first_tags_declare_the_same_labels_and_add_up()
    {
        await using var first = Open("first", declare: true, staticService: "checkout");
        await using var second = Open("second", declare: true, staticService: "billing");

        first.Counter.Add(1, new KeyValuePair<string, object?>("country", "fr"));
        second.Counter.Add(2, new KeyValuePair<string, object?>("payment.method", "card"), new KeyValuePair<string, object?>("country", "fr"));
        second.Counter.Add(4, new KeyValuePair<string, object?>("service", "ignored"), new KeyValuePair<string, object?>("country", "fr"));
        await first.Metrics.FlushAsync(Token);
        await second.Metrics.FlushAsync(Token);

        var snapshot = await first.Metrics.CollectAsync(Token);
        Assert.Equal(1, snapshot.GetValue("orders_placed_total", ("country", "fr"), ("payment_method", ""), ("service", "checkout")));
        Assert.Equal(2, snapshot.GetValue("orders_placed_total", ("country", "fr"), ("payment_method", "card"), ("service", "billing")));
        Assert.Equal(4, snapshot.GetValue("orders_placed_total", ("country", "fr"), ("payment_method", ""), ("service", "billing")));
        Assert.Equal(1, snapshot.GetValue(MeterBridge.DroppedTagsName, ("metric", "orders_placed_total"), ("service", "billing")));
        Assert.Empty(first.Failures);
        Assert.Empty(second.Failures);
    }

    [Fact]
    public async Task Without_known_tag_keys_the_later_declaration_is_refused()
    {
        await using var first = Open("first", declare: false, staticService: null);
        await using var second = Open("second", declare: false, staticService: null);

        first.Counter.Add(1, new KeyValuePair<string, object?>("country", "fr"));
        second.Counter.Add(2, new KeyValuePair<string, object?>("payment.method", "card"), new KeyValuePair<string, object?>("country", "fr"));
        await first.Metrics.FlushAsync(Token);
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.Metrics.FlushAsync(Token));

        Assert.Contains("Metric 'orders_placed' is stored as a counter with labels [country]", error.Message, StringComparison.Ordinal);
    }

    private Instance Open(string name, bool declare, string? staticService)
    {
        var path = folder.File("metrics.db");
        var metrics = DistributedMetrics.Create(o =>
        {
            o.UseSqlite(path);
            o.FlushInterval = TimeSpan.FromHours(1);
            o.ScrapeCacheDuration = TimeSpan.Zero;
            if (staticService is not null)
            {
                o.StaticLabels["service"] = staticService;
            }
        });
        var meterName = $"Test.{id}.{name}";
        var options = new MeterBridgeOptions();
        options.MeterNames.Add(meterName);
        if (declare)
        {
            options.InstrumentTags[(meterName, "orders.placed")] = ["country", "payment.method"];
        }

        var failures = new List<Exception>();
        string[] staticNames = staticService is null ? [] : ["service"];
        var bridge = new MeterBridge(metrics, options, staticNames, nativeHistograms: false, (_, e) => failures.Add(e));
        bridge.Start();
        var meter = new Meter(meterName);
        return new Instance(metrics, bridge, meter, meter.CreateCounter<int>("orders.placed"), failures);
    }

    private sealed record Instance(DistributedMetrics Metrics, MeterBridge Bridge, Meter Meter, Counter<int> Counter, List<Exception> Failures)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Bridge.Dispose();
            Meter.Dispose();
            await Metrics.DisposeAsync();
        }
    }
}
