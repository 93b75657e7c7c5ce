using System.Diagnostics;
using System.Globalization;
using System.Text;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Exemplars;

/// <summary>
/// Counter increments and histogram observations inside a sampled activity leave its trace and span id as an
/// exemplar, stored beside the seed's data and shown by any instance's OpenMetrics scrape (never in the text format).
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class ExemplarTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Counter_increment_inside_sampled_activity_shows_its_trace_id_on_total_in_another_instances_scrape(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities();
        var writer = shared.Open();
        var orders = writer.CreateCounter("orders_total", "Orders.", "country");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string exemplar;
        using (var activity = activities.Start())
        {
            orders.WithLabels("fr").Inc(2);
            exemplar = Labels(activity);
        }

        await writer.FlushAsync(Ct);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var line = Assert.Single(await OpenMetricsSamplesAsync(shared.Open(), "orders_total"));
        var (sample, labels, value, timestamp) = Split(line);
        Assert.Equal("orders_total{country=\"fr\"} 2", sample);
        Assert.Equal(exemplar, labels);
        Assert.Equal("2", value);
        Assert.InRange(timestamp, before - 0.001, after + 0.001);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Histogram_observation_inside_sampled_activity_puts_exemplar_on_its_bucket_only(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities();
        var writer = shared.Open();
        var latency = writer.CreateHistogram("latency_seconds", "Latency.", [0.1, 0.5, 1], "route");
        latency.WithLabels("/a").Observe(0.05);
        string exemplar;
        using (var activity = activities.Start())
        {
            latency.WithLabels("/a").Observe(0.3);
            exemplar = Labels(activity);
        }

        await writer.FlushAsync(Ct);

        var lines = await OpenMetricsSamplesAsync(shared.Open(), "latency_seconds");
        var withExemplar = Assert.Single(lines, l => l.Contains(" # ", StringComparison.Ordinal));
        var (sample, labels, value, _) = Split(withExemplar);
        Assert.Equal("latency_seconds_bucket{route=\"/a\",le=\"0.5\"} 2", sample);
        Assert.Equal(exemplar, labels);
        Assert.Equal("0.3", value);
        Assert.Contains("latency_seconds_count{route=\"/a\"} 2", lines);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Text_format_never_shows_exemplars(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities();
        var writer = shared.Open();
        using (activities.Start())
        {
            writer.CreateCounter("orders_total", "Orders.").Inc();
            writer.CreateHistogram("latency_seconds", "Latency.").Observe(0.2);
        }

        await writer.FlushAsync(Ct);

        var reader = shared.Open();
        Assert.Contains(await OpenMetricsSamplesAsync(reader, "orders_total"), l => l.Contains(" # ", StringComparison.Ordinal));
        var text = await StoreText.ScrapeAsync(reader);
        Assert.Contains("orders_total 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("trace_id", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Exemplars_stay_outside_the_seeds_fields(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities();
        var writer = shared.Open();
        using (activities.Start())
        {
            writer.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc();
        }

        await writer.FlushAsync(Ct);

        var fields = await shared.Observer.ReadFieldsAsync();
        Assert.Equal(
            ["orders|_created:{\"country\":\"fr\"}", "orders|_total:{\"country\":\"fr\"}"],
            fields.Keys.Where(k => k.StartsWith("orders|", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var stored = Assert.Single(await shared.Observer.ReadAsync(Ct), f => f.Name == "orders");
        Assert.Equal(["_total:{\"country\":\"fr\"}"], stored.Exemplars!.Keys);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task No_activity_leaves_no_exemplar(string kind)
    {
        await using var shared = Create(kind, redis);
        var writer = shared.Open();
        Assert.Null(Activity.Current);
        writer.CreateCounter("orders_total", "Orders.").Inc();
        writer.CreateHistogram("latency_seconds", "Latency.").Observe(0.2);
        await writer.FlushAsync(Ct);

        await AssertNoExemplarAsync(shared.Open(), "orders_total", "latency_seconds");
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Activity_that_is_not_sampled_leaves_no_exemplar(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities(ActivitySamplingResult.AllData);
        var writer = shared.Open();
        using (var activity = activities.Start())
        {
            Assert.False(activity.Recorded);
            writer.CreateCounter("orders_total", "Orders.").Inc();
            writer.CreateHistogram("latency_seconds", "Latency.").Observe(0.2);
        }

        await writer.FlushAsync(Ct);

        await AssertNoExemplarAsync(shared.Open(), "orders_total", "latency_seconds");
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Exemplars_option_off_captures_none(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities();
        var writer = shared.Open(o => o.Exemplars = false);
        using (activities.Start())
        {
            writer.CreateCounter("orders_total", "Orders.").Inc();
            writer.CreateHistogram("latency_seconds", "Latency.").Observe(0.2);
        }

        await writer.FlushAsync(Ct);

        await AssertNoExemplarAsync(shared.Open(), "orders_total", "latency_seconds");
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Across_instances_the_latest_exemplar_wins(string kind)
    {
        await using var shared = Create(kind, redis);
        using var activities = new TestActivities();
        var a = shared.Open(o => (o.InstanceId, o.ScrapeCacheDuration) = ("a", TimeSpan.Zero));
        var b = shared.Open(o => (o.InstanceId, o.ScrapeCacheDuration) = ("b", TimeSpan.Zero));
        var ordersA = a.CreateCounter("orders_total", "Orders.");
        var ordersB = b.CreateCounter("orders_total", "Orders.");

        var fromA = await IncrementAndFlushAsync(activities, a, ordersA);
        Assert.Equal(fromA, await ExemplarLabelsAsync(b, "orders_total"));
        var fromB = await IncrementAndFlushAsync(activities, b, ordersB);
        Assert.Equal(fromB, await ExemplarLabelsAsync(a, "orders_total"));
        var fromAAgain = await IncrementAndFlushAsync(activities, a, ordersA);
        Assert.Equal(fromAAgain, await ExemplarLabelsAsync(b, "orders_total"));
        Assert.Equal(["orders_total 3"], (await OpenMetricsSamplesAsync(a, "orders_total")).Select(l => Split(l).Sample));
    }

    [Fact]
    public async Task A_series_keeps_the_first_exemplar_of_a_flush_and_takes_a_new_one_after_it()
    {
        await using var shared = Create(Memory, redis);
        using var activities = new TestActivities();
        var writer = shared.Open(o => o.ScrapeCacheDuration = TimeSpan.Zero);
        var orders = writer.CreateCounter("orders_total", "Orders.");
        string first;
        using (var activity = activities.Start())
        {
            orders.Inc();
            first = Labels(activity);
        }

        using (activities.Start())
        {
            orders.Inc(5);
        }

        await writer.FlushAsync(Ct);
        Assert.Equal(first, await ExemplarLabelsAsync(writer, "orders_total"));

        var second = await IncrementAndFlushAsync(activities, writer, orders);
        Assert.Equal(second, await ExemplarLabelsAsync(writer, "orders_total"));
    }

    [Fact]
    public async Task Redis_keeps_exemplars_in_a_hash_of_the_prefix_that_expires_like_the_family()
    {
        var endPoint = redis.Require().EndPoint;
        var prefix = "{ex" + Guid.NewGuid().ToString("N")[..12] + "}";
        using var activities = new TestActivities();
        await using (var writer = DistributedMetrics.Create(o =>
        {
            o.UseRedis(endPoint, prefix);
            o.Expiry = TimeSpan.FromMinutes(10);
        }))
        {
            using (activities.Start())
            {
                writer.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc();
            }

            await writer.FlushAsync(Ct);
        }

        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(endPoint);
        var database = connection.GetDatabase();
        var exemplars = await database.HashGetAllAsync(prefix + ":dm:exemplars:orders");
        var entry = Assert.Single(exemplars);
        Assert.Equal("_total:{\"country\":\"fr\"}", (string)entry.Name!);
        Assert.StartsWith("{\"labels\":{\"trace_id\":\"", (string)entry.Value!, StringComparison.Ordinal);
        var ttl = await database.KeyTimeToLiveAsync(prefix + ":dm:exemplars:orders");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Equal(2, (await database.HashGetAllAsync(prefix + "_orders")).Length);
    }

    [Fact]
    public async Task Background_flushes_do_not_inherit_the_activity_the_metrics_were_created_in()
    {
        await using var shared = Create(Memory, redis);
        using var activities = new TestActivities();
        DistributedMetrics metrics;
        using (activities.Start())
        {
            metrics = shared.Open(o => (o.FlushInterval, o.ScrapeCacheDuration) = (TimeSpan.FromMilliseconds(20), TimeSpan.Zero));
        }

        var work = metrics.CreateCounter("work_total", "Work outside any activity, so that flushes are timed.");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        string[] lines = [];
        const string Count = "distributed_metrics_flush_duration_seconds_count ";
        while (!lines.Any(l => l.StartsWith(Count, StringComparison.Ordinal) && double.Parse(l[Count.Length..], CultureInfo.InvariantCulture) >= 3))
        {
            Assert.False(deadline.IsCancellationRequested, "No third background flush was counted: " + string.Join(" | ", lines));
            work.Inc();
            await Task.Delay(20, CancellationToken.None);
            lines = await OpenMetricsSamplesAsync(metrics, "distributed_metrics_flush_duration_seconds");
        }

        Assert.DoesNotContain(lines, l => l.Contains('#', StringComparison.Ordinal));
    }

    /// <summary>Increments inside a new sampled activity, flushes, and returns the exemplar labels expected.</summary>
    private static async Task<string> IncrementAndFlushAsync(TestActivities activities, DistributedMetrics metrics, ICounter counter)
    {
        string labels;
        using (var activity = activities.Start())
        {
            counter.Inc();
            labels = Labels(activity);
        }

        await metrics.FlushAsync(Ct);
        return labels;
    }

    private static string Labels(Activity activity) =>
        $"{{trace_id=\"{activity.TraceId.ToHexString()}\",span_id=\"{activity.SpanId.ToHexString()}\"}}";

    private static async Task<string> ExemplarLabelsAsync(DistributedMetrics metrics, string name) =>
        Split(Assert.Single(await OpenMetricsSamplesAsync(metrics, name))).Labels;

    private static async Task AssertNoExemplarAsync(DistributedMetrics metrics, params string[] names)
    {
        foreach (var name in names)
        {
            var lines = await OpenMetricsSamplesAsync(metrics, name);
            Assert.NotEmpty(lines);
            Assert.DoesNotContain(lines, l => l.Contains('#', StringComparison.Ordinal));
        }
    }

    /// <summary>The sample lines of a family (all suffixes) in <paramref name="metrics"/>'s OpenMetrics exposition.</summary>
    internal static async Task<string[]> OpenMetricsSamplesAsync(DistributedMetrics metrics, string name)
    {
        using var body = new MemoryStream();
        await (await metrics.CollectAsync(Ct)).WriteAsync(body, ExpositionFormat.OpenMetrics, Ct);
        return [.. Encoding.UTF8.GetString(body.ToArray()).Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && !l.Contains("_created", StringComparison.Ordinal))];
    }

    /// <summary>Splits <c>sample # {labels} value timestamp</c>.</summary>
    private static (string Sample, string Labels, string Value, double Timestamp) Split(string line)
    {
        var at = line.IndexOf(" # ", StringComparison.Ordinal);
        if (at < 0)
        {
            return (line, string.Empty, string.Empty, double.NaN);
        }

        var exemplar = line[(at + 3)..];
        var close = exemplar.IndexOf('}', StringComparison.Ordinal);
        var rest = exemplar[(close + 2)..].Split(' ');
        return (line[..at], exemplar[..(close + 1)], rest[0], double.Parse(rest[1], CultureInfo.InvariantCulture));
    }
}
