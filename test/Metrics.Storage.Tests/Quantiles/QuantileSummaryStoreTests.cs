using System.Globalization;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Quantiles;

/// <summary>
/// Summaries with quantiles written by several instances into one store (in memory, SQLite file, real Redis): every
/// instance serves the quantiles of all instances' observations within the window, within the sketch's bound; a stopped
/// instance's observations count until they leave the window, then leave the store; a removed or cleared series starts
/// its quantiles again; a retried flush adds its sketch once; another declaration is refused.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class QuantileSummaryStoreTests(RedisServerFixture redis)
{
    private const string Name = "work_seconds";
    private const int SketchSchema = Distributed.Metrics.Summary.SketchSchema;
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99];
    private static readonly double Bound = NativeSchema.RelativeError(SketchSchema);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Quantiles_served_by_any_instance_are_within_the_bound_of_all_instances_observations(string kind)
    {
        await using var shared = Create(kind, redis);
        var first = Values(1, 3000, v => Math.Exp(v * 6));
        var second = Values(2, 2000, v => 100 + (v * 900));
        await ObserveAsync(shared.Open(), first);
        await ObserveAsync(shared.Open(), second);

        var reader = shared.Open(NoScrapeCache);
        Declare(reader);
        var snapshot = await reader.CollectAsync(Ct);

        var union = first.Concat(second).Order().ToArray();
        foreach (var q in Quantiles)
        {
            AssertServed(union[QuantileEstimator.Rank(q, union.Length) - 1], snapshot, "/a", q);
        }

        Assert.Equal(union.Length, snapshot.GetValue(Name + "_count", ("route", "/a")));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Stopped_instances_observations_count_until_they_leave_the_window_then_the_store(string kind)
    {
        await using var shared = Create(kind, redis);
        var window = new SummaryOptions { Quantiles = Quantiles, MaxAge = TimeSpan.FromSeconds(8), AgeBuckets = 2 };
        var stopped = shared.Open();
        await ObserveAsync(stopped, [2.0, 4.0, 8.0], window);
        await stopped.DisposeAsync();
        var first = Assert.Single(await ReadSlotsAsync(shared.Observer));

        var reader = shared.Open(NoScrapeCache);
        Declare(reader, window);
        AssertServed(4.0, await reader.CollectAsync(Ct), "/a", 0.5);

        await Eventually.HoldsAsync(
            async () => (await reader.CollectAsync(Ct)).GetValue(Name, ("route", "/a"), ("quantile", "0.5")) is double.NaN,
            TimeSpan.FromSeconds(60),
            "The median leaving with the window");
        var snapshot = await reader.CollectAsync(Ct);
        Assert.All(Quantiles, q => Assert.Equal(double.NaN, snapshot.GetValue(Name, ("route", "/a"), ("quantile", q.ToString(CultureInfo.InvariantCulture)))));
        Assert.Equal(3, snapshot.GetValue(Name + "_count", ("route", "/a")));
        Assert.Equal(14, snapshot.GetValue(Name + "_sum", ("route", "/a")));

        // The live instance writes on (each flush to the slot it falls in) until the stopped one's slot is no longer
        // stored: Redis expires it, the other stores drop it with a later write. What is left spans the window at most.
        await Eventually.HoldsAsync(
            async () =>
            {
                await ObserveAsync(reader, [1.0], window);
                return !(await ReadSlotsAsync(shared.Observer)).Contains(first);
            },
            TimeSpan.FromSeconds(60),
            "The stopped instance's slot leaving the store");
        var slots = await ReadSlotsAsync(shared.Observer);
        Assert.InRange(slots.Max() - slots.Min(), 0, QuantileWindow.Of(window).AgeBuckets);
    }

    public static TheoryData<string, bool> StoreKindsAndRemovals() =>
        new(Kinds.SelectMany(kind => (bool[])[false, true], (kind, clears) => (kind, clears)));

    [Theory]
    [MemberData(nameof(StoreKindsAndRemovals))]
    public async Task Removed_or_cleared_series_starts_its_quantiles_again_from_its_new_observations(string kind, bool clears)
    {
        await using var shared = Create(kind, redis);
        await ObserveAsync(shared.Open(), [1000.0, 1000.0]);
        var writer = shared.Open();
        await ObserveAsync(writer, [1000.0]);
        await ObserveAsync(writer, [5.0], route: "/b");

        if (clears)
        {
            Declare(writer).Clear();
        }
        else
        {
            Declare(writer).WithLabels("/a").Remove();
        }

        await ObserveAsync(writer, [2.0]);

        // Every instance's observations of the series are gone from every slot; the other series stays unless cleared.
        var snapshot = await shared.Open(NoScrapeCache).CollectAsync(Ct);
        AssertServed(2.0, snapshot, "/a", 0.99);
        Assert.Equal(1, snapshot.GetValue(Name + "_count", ("route", "/a")));
        if (clears)
        {
            Assert.Null(snapshot.GetValue(Name + "_count", ("route", "/b")));
        }
        else
        {
            AssertServed(5.0, snapshot, "/b", 0.99);
        }
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Retried_flush_adds_its_sketch_once(string kind)
    {
        await using var shared = Create(kind, redis);
        Declare(shared.Open());
        var metadata = new MetricMetadata(MetricType.Summary, Name, "Work.", ["route"], [])
        {
            Quantiles = Quantiles,
            Window = QuantileWindow.Of(new SummaryOptions()),
        };
        var slot = metadata.Window.SlotAt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var sketch = new NativeHistogramWrite("{\"route\":\"/a\"}", SketchSchema, 0, 0, 2, 3, [new(NativeSchema.Key(1.5, SketchSchema), 2)], []);
        var batch = new FlushBatch("retrying", 1, [new FamilyWrite(metadata, [new SampleWrite("_count:{\"route\":\"/a\"}", WriteKind.Add, 2)]) { NativeSeries = [sketch], SketchSlot = slot }]);

        await shared.Observer.ApplyAsync(batch, Ct);
        await shared.Observer.ApplyAsync(batch, Ct);

        var stored = Assert.Single((await shared.Observer.ReadAsync(Ct)).Single(f => f.Name == Name).NativeSeries);
        Assert.Equal(SketchSlots.Key(slot, "{\"route\":\"/a\"}"), stored.LabelsJson);
        Assert.Equal(2, stored.Count);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Instance_declaring_other_quantiles_is_refused_and_the_stored_ones_stay(string kind)
    {
        await using var shared = Create(kind, redis);
        await ObserveAsync(shared.Open(), [1.0, 2.0]);
        var other = shared.Open();
        other.CreateSummary(Name, "Work.", [0.5, 0.75], "route").WithLabels("/a").Observe(50);

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => other.FlushAsync(Ct));

        Assert.Contains("quantiles [0.5, 0.75]", error.Message, StringComparison.Ordinal);
        var snapshot = await shared.Open(NoScrapeCache).CollectAsync(Ct);
        Assert.Equal(2, snapshot.GetValue(Name + "_count", ("route", "/a")));
        Assert.NotNull(snapshot.GetValue(Name, ("route", "/a"), ("quantile", "0.99")));
        Assert.Null(snapshot.GetValue(Name, ("route", "/a"), ("quantile", "0.75")));
    }

    private static void NoScrapeCache(DistributedMetricsOptions options) => options.ScrapeCacheDuration = TimeSpan.Zero;

    /// <summary>Asserts that <paramref name="snapshot"/> serves quantile <paramref name="q"/> of the series within the bound of <paramref name="exact"/>.</summary>
    private static void AssertServed(double exact, MetricsSnapshot snapshot, string route, double q)
    {
        var served = snapshot.GetValue(Name, ("route", route), ("quantile", q.ToString(CultureInfo.InvariantCulture)));
        Assert.NotNull(served);
        Assert.InRange(Math.Abs(served.Value - exact) / exact, 0, Bound);
    }

    private static ISummary Declare(DistributedMetrics metrics, SummaryOptions? options = null) =>
        metrics.CreateSummary(Name, "Work.", options ?? new SummaryOptions { Quantiles = Quantiles }, "route");

    private static async Task ObserveAsync(DistributedMetrics metrics, double[] values, SummaryOptions? options = null, string route = "/a")
    {
        var series = Declare(metrics, options).WithLabels(route);
        foreach (var value in values)
        {
            series.Observe(value);
        }

        await metrics.FlushAsync(Ct);
    }

    private static double[] Values(int seed, int count, Func<double, double> shape)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => shape(random.NextDouble()))];
    }

    /// <summary>The slots of the summary's sketches the store holds.</summary>
    private static async Task<long[]> ReadSlotsAsync(IMetricStore store)
    {
        var family = (await store.ReadAsync(Ct)).SingleOrDefault(f => f.Name == Name);
        return [.. (family?.NativeSeries ?? []).Select(s => SketchSlots.TrySplit(s.LabelsJson, out var slot, out _) ? slot : -1).Distinct()];
    }
}
