using System.Diagnostics.Metrics;
using System.Globalization;
using Prometheus.Distributed.AspNetCore.Meters;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// The System.Diagnostics.Metrics bridge on its own: a test meter (with a name no other test listens to) recorded into
/// an in-memory store.
/// </summary>
public sealed class MeterBridgeTests : IAsyncLifetime
{
    private readonly string meterName = "Test.Meter." + Guid.NewGuid().ToString("N");
    private readonly List<Exception> failures = [];
    private DistributedMetrics metrics = null!;
    private MeterBridge bridge = null!;
    private Meter meter = null!;

    public ValueTask InitializeAsync()
    {
        metrics = DistributedMetrics.Create(o =>
        {
            o.UseInMemory();
            o.ScrapeCacheDuration = TimeSpan.Zero;
        });
        meter = new Meter(meterName);
        var options = new MeterBridgeOptions();
        options.MeterNames.Add(meterName);
        options.InstrumentTags[(meterName, "declared.orders")] = ["country", "payment.method"];
        bridge = new MeterBridge(metrics, options, [], nativeHistograms: false, (_, e) => failures.Add(e));
        bridge.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        bridge.Dispose();
        meter.Dispose();
        await metrics.DisposeAsync();
    }

    [Fact]
    public async Task Counter_adds_its_measurements_per_tag_set()
    {
        var counter = meter.CreateCounter<long>("orders.placed", "{order}", "Orders placed.");
        counter.Add(2, new KeyValuePair<string, object?>("region", "eu"));
        counter.Add(3, new KeyValuePair<string, object?>("region", "eu"));
        counter.Add(1, new KeyValuePair<string, object?>("region", "us"));

        var snapshot = await CollectAsync();

        Assert.Equal(5, snapshot.GetValue("orders_placed_total", ("region", "eu")));
        Assert.Equal(1, snapshot.GetValue("orders_placed_total", ("region", "us")));
    }

    [Fact]
    public async Task Up_down_counter_moves_a_live_sum_gauge()
    {
        var active = meter.CreateUpDownCounter<int>("jobs.active", "{job}");
        active.Add(5);
        active.Add(-2);

        Assert.Equal(3, (await CollectAsync()).GetValue("jobs_active"));
    }

    [Fact]
    public async Task Histogram_uses_the_advised_buckets_and_the_unit_suffix()
    {
        var latency = meter.CreateHistogram<double>(
            "job.duration", "s", "Job time.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        latency.Record(0.05, new KeyValuePair<string, object?>("code", 200));
        latency.Record(0.5, new KeyValuePair<string, object?>("code", 200));
        latency.Record(3, new KeyValuePair<string, object?>("code", 200));

        var snapshot = await CollectAsync();

        Assert.Equal(3, snapshot.GetValue("job_duration_seconds_count", ("code", "200")));
        Assert.Equal(3.55, snapshot.GetValue("job_duration_seconds_sum", ("code", "200"))!.Value, 9);
        Assert.Equal(1, snapshot.GetValue("job_duration_seconds_bucket", ("code", "200"), ("le", "0.1")));
        Assert.Equal(2, snapshot.GetValue("job_duration_seconds_bucket", ("code", "200"), ("le", "1.0")));
        Assert.Equal(3, snapshot.GetValue("job_duration_seconds_bucket", ("code", "200"), ("le", "+Inf")));
        Assert.Null(snapshot.GetValue("job_duration_seconds_bucket", ("code", "200"), ("le", "0.005")));
    }

    [Fact]
    public async Task Histogram_without_advice_uses_the_default_buckets()
    {
        meter.CreateHistogram<double>("plain.duration", "ms").Record(7);

        var snapshot = await CollectAsync();

        Assert.Equal(1, snapshot.GetValue("plain_duration_milliseconds_bucket", ("le", "+Inf")));
        Assert.Equal(0, snapshot.GetValue("plain_duration_milliseconds_bucket", ("le", "0.005")));
    }

    [Fact]
    public async Task Observable_counter_adds_the_rise_of_its_cumulative_value_and_a_reset_adds_the_new_value()
    {
        var cumulative = 10L;
        meter.CreateObservableCounter("cpu.time", () => cumulative, "s");

        Assert.Equal(10, (await PollAndCollectAsync()).GetValue("cpu_time_seconds_total"));
        cumulative = 15;
        Assert.Equal(15, (await PollAndCollectAsync()).GetValue("cpu_time_seconds_total"));
        Assert.Equal(15, (await PollAndCollectAsync()).GetValue("cpu_time_seconds_total"));
        cumulative = 4;
        Assert.Equal(19, (await PollAndCollectAsync()).GetValue("cpu_time_seconds_total"));
    }

    [Fact]
    public async Task Observable_gauge_shows_this_instance_value()
    {
        var value = 7.5;
        meter.CreateObservableGauge("room.temperature", () => value, "Cel");

        Assert.Equal(7.5, (await PollAndCollectAsync()).GetValue("room_temperature_celsius", ("instance", metrics.InstanceId)));
        value = 3;
        Assert.Equal(3, (await PollAndCollectAsync()).GetValue("room_temperature_celsius", ("instance", metrics.InstanceId)));
    }

    [Fact]
    public async Task Observable_up_down_counter_sets_a_live_sum_gauge()
    {
        var depth = 4;
        meter.CreateObservableUpDownCounter("queue.depth", () => new Measurement<int>(depth, new KeyValuePair<string, object?>("queue", "mail")));

        Assert.Equal(4, (await PollAndCollectAsync()).GetValue("queue_depth", ("queue", "mail")));
        depth = 1;
        Assert.Equal(1, (await PollAndCollectAsync()).GetValue("queue_depth", ("queue", "mail")));
    }

    [Fact]
    public async Task Tag_keys_of_the_first_measurement_are_the_labels_missing_keys_are_empty_and_extra_keys_are_dropped_and_counted()
    {
        var counter = meter.CreateCounter<int>("calls");
        counter.Add(1, new KeyValuePair<string, object?>("b.key", "x"), new KeyValuePair<string, object?>("a", "y"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "y"), new KeyValuePair<string, object?>("b.key", "x"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "z"));
        counter.Add(1, new KeyValuePair<string, object?>("a", "z"), new KeyValuePair<string, object?>("extra", "e"), new KeyValuePair<string, object?>("more", 1));

        var snapshot = await CollectAsync();

        Assert.Equal(2, snapshot.GetValue("calls_total", ("a", "y"), ("b_key", "x")));
        Assert.Equal(2, snapshot.GetValue("calls_total", ("a", "z"), ("b_key", "")));
        Assert.Equal(2, snapshot.GetValue(MeterBridge.DroppedTagsName, ("metric", "calls_total")));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task An_instrument_with_twenty_tags_records_every_value_and_integers_of_any_size_as_text()
    {
        var counter = meter.CreateCounter<int>("wide");
        var tags = Enumerable.Range(0, 20).Select(i => new KeyValuePair<string, object?>($"t{i:D2}", i)).ToArray();
        tags[17] = new("t17", -1);
        tags[18] = new("t18", 5000);
        counter.Add(1, tags);
        counter.Add(2, [.. tags.Reverse()]);

        var snapshot = await CollectAsync();

        (string, string)[] labels = [.. tags.Select(t => (t.Key, Convert.ToString(t.Value, CultureInfo.InvariantCulture)!))];
        Assert.Equal("-1", labels[17].Item2);
        Assert.Equal(3, snapshot.GetValue("wide_total", labels));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Declared_tag_keys_are_the_labels_whatever_the_first_measurement_carries()
    {
        var counter = meter.CreateCounter<int>("declared.orders");
        counter.Add(1, new KeyValuePair<string, object?>("country", "fr"));
        counter.Add(2, new KeyValuePair<string, object?>("payment.method", "card"), new KeyValuePair<string, object?>("country", "fr"));
        counter.Add(4, new KeyValuePair<string, object?>("country", "de"), new KeyValuePair<string, object?>("extra", "e"));

        var snapshot = await CollectAsync();

        Assert.Equal(1, snapshot.GetValue("declared_orders_total", ("country", "fr"), ("payment_method", "")));
        Assert.Equal(2, snapshot.GetValue("declared_orders_total", ("country", "fr"), ("payment_method", "card")));
        Assert.Equal(4, snapshot.GetValue("declared_orders_total", ("country", "de"), ("payment_method", "")));
        Assert.Equal(1, snapshot.GetValue(MeterBridge.DroppedTagsName, ("metric", "declared_orders_total")));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_negative_counter_measurement_is_dropped_and_reported_once_without_throwing()
    {
        var counter = meter.CreateCounter<double>("refunds");
        counter.Add(2);
        counter.Add(-1);
        counter.Add(-1);
        counter.Add(1);

        Assert.Equal(3, (await CollectAsync()).GetValue("refunds_total"));
        Assert.Single(failures);
    }

    [Fact]
    public async Task Instrument_clashing_with_a_declared_metric_is_disabled_and_reported()
    {
        metrics.CreateGauge("clash", "Declared elsewhere as a gauge.");
        var counter = meter.CreateCounter<int>("clash");
        counter.Add(1);
        counter.Add(1);

        Assert.Single(failures);
        Assert.Null((await CollectAsync()).GetValue("clash_total"));
    }

    [Fact]
    public async Task Instruments_of_other_meters_are_not_recorded()
    {
        using var other = new Meter(meterName + ".Other");
        other.CreateCounter<int>("elsewhere").Add(1);

        Assert.Null((await CollectAsync()).GetValue("elsewhere_total"));
    }

    [Fact]
    public void Measuring_an_existing_series_allocates_nothing()
    {
        var counter = meter.CreateCounter<long>("hot.path");
        var histogram = meter.CreateHistogram<double>("hot.latency", "s");
        var route = new KeyValuePair<string, object?>("route", "/work/{kind}");
        var code = new KeyValuePair<string, object?>("code", 200);
        for (var i = 0; i < 100; i++)
        {
            counter.Add(1, route, code);
            histogram.Record(0.01, route, code);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, route, code);
            histogram.Record(0.01, route, code);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private async Task<MetricsSnapshot> PollAndCollectAsync()
    {
        bridge.RecordObservableInstruments();
        return await CollectAsync();
    }

    private async Task<MetricsSnapshot> CollectAsync()
    {
        await metrics.FlushAsync(TestContext.Current.CancellationToken);
        return await metrics.CollectAsync(TestContext.Current.CancellationToken);
    }
}
