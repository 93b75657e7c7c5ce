using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Native;

/// <summary>
/// Native-histogram series written by several instances into one store (in memory, SQLite file, real Redis): counts by
/// bucket add up exactly, at the coarsest schema any instance wrote, beside the seed's classic fields; a cleared or
/// removed series starts again from zero in its native part too.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class NativeHistogramStoreTests(RedisServerFixture redis)
{
    private static readonly double[] FirstValues = [0.003, 0.02, 0.02, 0.4, 1.0, 7.5, 0, -2.5];
    private static readonly double[] SecondValues = [0.0031, 0.9, 1.0, 1.0, 12, 250, -0.01];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Native_buckets_from_two_instances_add_up_exactly(string kind)
    {
        await using var shared = Create(kind, redis);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions(), FirstValues);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions(), SecondValues);

        var series = await ReadSeriesAsync(shared.Observer);
        AssertExact(series, 3, [.. FirstValues, .. SecondValues]);
    }

    [Theory]
    [InlineData(Memory, 3, 0)]
    [InlineData(Memory, 0, 3)]
    [InlineData(Sqlite, 3, 0)]
    [InlineData(Sqlite, 0, 3)]
    [InlineData(Redis, 3, 0)]
    [InlineData(Redis, -1, 5)]
    [InlineData(Redis, 5, -1)]
    public async Task Instances_writing_different_schemas_are_stored_exactly_at_the_coarser(string kind, int firstSchema, int secondSchema)
    {
        await using var shared = Create(kind, redis);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions { Schema = firstSchema }, FirstValues);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions { Schema = secondSchema }, SecondValues);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions { Schema = firstSchema }, FirstValues);

        var series = await ReadSeriesAsync(shared.Observer);
        AssertExact(series, Math.Min(firstSchema, secondSchema), [.. FirstValues, .. SecondValues, .. FirstValues]);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Series_over_its_bucket_limit_halves_its_resolution_until_its_buckets_fit(string kind)
    {
        await using var shared = Create(kind, redis);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions { Schema = 3, MaxBucketCount = 4 }, [1, 10, 100, 1000]);

        var series = await ReadSeriesAsync(shared.Observer);
        Assert.Equal(-2, series.Schema);
        Assert.Equal([new(0, 1), new(1, 1), new(2, 1), new(3, 1)], series.Positive);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Native_histogram_keeps_classic_count_sum_and_inf_bucket_in_the_seeds_fields(string kind)
    {
        await using var shared = Create(kind, redis);
        await ObserveAsync(shared.Open(), new NativeHistogramOptions(), FirstValues);

        var fields = await shared.Observer.ReadFieldsAsync();
        Assert.Equal(FirstValues.Length, fields["work_seconds|_count:{\"route\":\"/a\"}"]);
        Assert.Equal(FirstValues.Length, fields["work_seconds|_bucket:{\"le\":\"+Inf\",\"route\":\"/a\"}"]);
        Assert.Equal(FirstValues.Sum(), fields["work_seconds|_sum:{\"route\":\"/a\"}"], 9);
        Assert.DoesNotContain(fields.Keys, k => k.Contains("native", StringComparison.Ordinal) || k.Contains("schema", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Cleared_native_histogram_starts_again_from_zero_in_every_part(string kind)
    {
        await using var shared = Create(kind, redis);
        var writer = shared.Open();
        await ObserveAsync(writer, new NativeHistogramOptions(), FirstValues);

        writer.CreateHistogram("work_seconds", "Work.", new NativeHistogramOptions(), "route").Clear();
        await ObserveAsync(writer, new NativeHistogramOptions(), SecondValues);

        // The process's series keeps the resolution it lowered to for both sets of values; the counts are exact at it.
        var series = await ReadSeriesAsync(shared.Observer);
        Assert.Equal(2, series.Schema);
        AssertExact(series, 2, SecondValues);
        var fields = await shared.Observer.ReadFieldsAsync();
        Assert.Equal(SecondValues.Length, fields["work_seconds|_count:{\"route\":\"/a\"}"]);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Removed_native_series_starts_again_from_zero_in_every_part(string kind)
    {
        await using var shared = Create(kind, redis);
        var writer = shared.Open();
        await ObserveAsync(writer, new NativeHistogramOptions(), FirstValues);
        await ObserveAsync(writer, new NativeHistogramOptions(), FirstValues, "/b");

        Histogram(writer, new NativeHistogramOptions()).WithLabels("/a").Remove();
        await writer.FlushAsync(Ct);

        // The other series keeps its native part; the removed one has none left to add onto.
        var other = Assert.Single(await ReadAllSeriesAsync(shared.Observer));
        Assert.Equal("{\"route\":\"/b\"}", other.LabelsJson);
        Assert.Equal(FirstValues.Length, other.Count);

        await ObserveAsync(writer, new NativeHistogramOptions(), SecondValues);

        var series = await ReadAllSeriesAsync(shared.Observer);
        AssertExact(series.Single(s => s.LabelsJson == "{\"route\":\"/a\"}"), 2, SecondValues);
        Assert.Equal(FirstValues.Length, series.Single(s => s.LabelsJson == other.LabelsJson).Count);
        var fields = await shared.Observer.ReadFieldsAsync();
        Assert.Equal(SecondValues.Length, fields["work_seconds|_count:{\"route\":\"/a\"}"]);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Observations_after_removal_in_the_same_flush_are_all_the_native_series_holds(string kind)
    {
        await using var shared = Create(kind, redis);
        var writer = shared.Open();
        await ObserveAsync(writer, new NativeHistogramOptions(), FirstValues);

        var removed = Histogram(writer, new NativeHistogramOptions()).WithLabels("/a");
        removed.Observe(1000);
        removed.Remove();
        await ObserveAsync(writer, new NativeHistogramOptions(), SecondValues);

        AssertExact(await ReadSeriesAsync(shared.Observer), 2, SecondValues);
        var fields = await shared.Observer.ReadFieldsAsync();
        Assert.Equal(SecondValues.Length, fields["work_seconds|_count:{\"route\":\"/a\"}"]);
    }

    private static IHistogram Histogram(DistributedMetrics metrics, NativeHistogramOptions options) =>
        metrics.CreateHistogram("work_seconds", "Work.", options, "route");

    private static async Task ObserveAsync(DistributedMetrics metrics, NativeHistogramOptions options, double[] values, string route = "/a")
    {
        var series = Histogram(metrics, options).WithLabels(route);
        foreach (var value in values)
        {
            series.Observe(value);
        }

        await metrics.FlushAsync(Ct);
    }

    private static async Task<NativeSeriesTotals> ReadSeriesAsync(IMetricStore store) => Assert.Single(await ReadAllSeriesAsync(store));

    private static async Task<IReadOnlyList<NativeSeriesTotals>> ReadAllSeriesAsync(IMetricStore store)
    {
        var families = await store.ReadAsync(Ct);
        return families.SingleOrDefault(f => f.Name == "work_seconds")?.NativeSeries ?? [];
    }

    private static void AssertExact(NativeSeriesTotals series, int schema, double[] values)
    {
        var zero = values.Where(v => Math.Abs(v) <= NativeHistogramOptions.DefaultZeroThreshold).ToArray();
        Assert.Equal("{\"route\":\"/a\"}", series.LabelsJson);
        Assert.Equal(schema, series.Schema);
        Assert.Equal(values.Length, series.Count);
        Assert.Equal(zero.Length, series.ZeroCount);
        Assert.Equal(values.Sum(), series.Sum, 9);
        Assert.Equal(NativeHistogramOptions.DefaultZeroThreshold, series.ZeroThreshold);
        Assert.Equal(Buckets(values.Where(v => v > 0), schema), series.Positive);
        Assert.Equal(Buckets(values.Where(v => v < 0 && !zero.Contains(v)), schema), series.Negative);
    }

    private static SortedDictionary<int, long> Buckets(IEnumerable<double> values, int schema) =>
        new(values.GroupBy(v => NativeSchema.Key(Math.Abs(v), schema)).ToDictionary(g => g.Key, g => (long)g.Count()));
}
