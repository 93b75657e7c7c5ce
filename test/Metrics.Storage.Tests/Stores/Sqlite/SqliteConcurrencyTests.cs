using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Sqlite;
using static Prometheus.Distributed.Tests.Stores.Sqlite.Batches;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

public sealed class SqliteConcurrencyTests : IDisposable
{
    private const string Total = "_total:{}";
    private const string InfBucket = """_bucket:{"le":"+Inf"}""";
    private const string Count = "_count:{}";

    private readonly TempDatabase database = new();
    private readonly CancellationToken token = TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Two_stores_on_one_file_writing_from_several_threads_add_up_exactly()
    {
        const int Tasks = 4;
        const int BatchesPerTask = 200;
        await using var first = new SqliteMetricStore(new(database.FilePath));
        await using var second = new SqliteMetricStore(new(database.FilePath));

        var writers = new[] { first, second }
            .SelectMany((store, s) => Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
            {
                for (var sequence = 1; sequence <= BatchesPerTask; sequence++)
                {
                    var batch = Batch($"store{s}-task{t}", sequence, Family(Counter("jobs"), Add(Total, 1)));
                    await store.ApplyAsync(batch, token);
                }
            }, token)))
            .ToArray();
        await Task.WhenAll(writers);

        Assert.Equal(2 * Tasks * BatchesPerTask, (await first.ReadAsync(token)).Value("jobs", Total));
    }

    [Fact]
    public async Task Reader_never_sees_a_histogram_count_differ_from_its_inf_bucket()
    {
        var histogram = new MetricMetadata(MetricType.Histogram, "latency", "Latency.", [], [1]);
        await using var writerStore = new SqliteMetricStore(new(database.FilePath));
        await using var readerStore = new SqliteMetricStore(new(database.FilePath));
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var sequence = 1; sequence <= 300; sequence++)
            {
                var observation = Family(
                    histogram, Add("""_bucket:{"le":"1.0"}""", 1), Add(InfBucket, 1), Add("_sum:{}", 0.5), Add(Count, 1));
                await writerStore.ApplyAsync(Batch($"writer{w}", sequence, observation), token);
            }
        }, token)).ToArray();
        var writing = Task.WhenAll(writers);

        var reads = 0;
        var torn = new List<string>();
        while (!writing.IsCompleted)
        {
            var families = await readerStore.ReadAsync(token);
            reads++;
            var count = families.Value("latency", Count);
            var inf = families.Value("latency", InfBucket);
            if (count != inf)
            {
                torn.Add($"_count {count} but +Inf bucket {inf}");
            }
        }

        await writing;
        Assert.Empty(torn);
        Assert.True(reads > 1, $"Only {reads} read(s) overlapped the writers.");
        Assert.Equal(600, (await readerStore.ReadAsync(token)).Value("latency", Count));
    }
}
