using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Sqlite;
using static Prometheus.Distributed.Tests.Stores.Sqlite.Batches;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

public sealed class SqliteMetricStoreTests : IDisposable
{
    private const string Total = """_total:{"kind":"a"}""";
    private const string Created = """_created:{"kind":"a"}""";
    private const string Gauge = ":{}";

    private readonly TempDatabase database = new();
    private readonly CancellationToken token = TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Add_adds_Set_replaces_and_SetIfAbsent_keeps_the_first_value()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));
        await store.ApplyAsync(
            Batch("i", 1,
                Family(Counter("jobs"), Add(Total, 1.5), SetIfAbsent(Created, 100)),
                Family(Gauge("temp"), Set(Gauge, 3))),
            token);
        await store.ApplyAsync(
            Batch("i", 2,
                Family(Counter("jobs"), Add(Total, 2), SetIfAbsent(Created, 200)),
                Family(Gauge("temp"), Set(Gauge, 7))),
            token);

        var families = await store.ReadAsync(token);

        Assert.Equal(["jobs", "temp"], families.Select(f => f.Name));
        Assert.Equal(3.5, families.Value("jobs", Total));
        Assert.Equal(100, families.Value("jobs", Created));
        Assert.Equal(7, families.Value("temp", Gauge));
    }

    [Fact]
    public async Task Retried_batch_after_lost_reply_counts_once()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));
        var batch = Batch("i", 1, Family(Counter("jobs"), Add(Total, 1)));

        await store.ApplyAsync(batch, token);
        await store.ApplyAsync(batch, token);

        Assert.Equal(1, (await store.ReadAsync(token)).Value("jobs", Total));
    }

    [Fact]
    public async Task Batch_with_a_lower_sequence_than_one_applied_is_skipped()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));

        await store.ApplyAsync(Batch("i", 5, Family(Counter("jobs"), Add(Total, 1))), token);
        await store.ApplyAsync(Batch("i", 3, Family(Counter("jobs"), Add(Total, 10))), token);
        await store.ApplyAsync(Batch("i", 6, Family(Counter("jobs"), Add(Total, 100))), token);

        Assert.Equal(101, (await store.ReadAsync(token)).Value("jobs", Total));
    }

    [Fact]
    public async Task Sequences_of_two_instances_are_tracked_apart()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));

        await store.ApplyAsync(Batch("a", 1, Family(Counter("jobs"), Add(Total, 1))), token);
        await store.ApplyAsync(Batch("b", 1, Family(Counter("jobs"), Add(Total, 10))), token);
        await store.ApplyAsync(Batch("a", 2, Family(Counter("jobs"), Add(Total, 100))), token);
        await store.ApplyAsync(Batch("b", 2, Family(Counter("jobs"), Add(Total, 1000))), token);

        Assert.Equal(1111, (await store.ReadAsync(token)).Value("jobs", Total));
    }

    [Fact]
    public async Task Metadata_is_stored_beside_the_data_and_read_back()
    {
        var declared = new MetricMetadata(
            MetricType.Histogram, "latency", "Request \"latency\".", ["route", "code"], [0.005, 1, 2.5]);
        await using var store = new SqliteMetricStore(new(database.FilePath));
        await store.ApplyAsync(Batch("i", 1, Family(declared, Add("_count:{}", 1))), token);

        var read = Assert.Single(await store.ReadAsync(token)).Metadata;

        Assert.NotNull(read);
        Assert.Equal(declared.Type, read.Type);
        Assert.Equal(declared.Name, read.Name);
        Assert.Equal(declared.Help, read.Help);
        Assert.Equal(declared.LabelNames, read.LabelNames);
        Assert.Equal(declared.Buckets, read.Buckets);
    }

    [Fact]
    public async Task Unparsable_metadata_reads_as_no_metadata()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));
        await store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), Add(Total, 1))), token);
        database.Execute("UPDATE metrics_metadata SET metadata = '{not json' WHERE metric_key = 'jobs'");

        var family = Assert.Single(await store.ReadAsync(token));

        Assert.Null(family.Metadata);
        Assert.Equal(1, family.Samples.Single().Value);
    }

    [Fact]
    public async Task Label_values_with_quotes_and_non_ascii_are_stored_verbatim()
    {
        const string subkey = """_total:{"name":"O'Brien \"x\"; DROP TABLE metrics; \u00e9"}""";
        await using var store = new SqliteMetricStore(new(database.FilePath));

        await store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), Add(subkey, 2))), token);

        Assert.Equal(2, (await store.ReadAsync(token)).Value("jobs", subkey));
    }

    [Fact]
    public async Task NaN_and_infinite_values_are_stored_without_failing_the_batch()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));
        await store.ApplyAsync(
            Batch("i", 1,
                Family(Gauge("nan"), Set(Gauge, double.NaN)),
                Family(Gauge("inf"), Add(Gauge, double.PositiveInfinity)),
                Family(Gauge("sum"), Add(Gauge, double.PositiveInfinity))),
            token);
        await store.ApplyAsync(Batch("i", 2, Family(Gauge("sum"), Add(Gauge, double.NegativeInfinity))), token);
        await store.ApplyAsync(Batch("i", 3, Family(Gauge("nan"), Add(Gauge, 1))), token);

        var families = await store.ReadAsync(token);

        Assert.True(double.IsNaN(families.Value("nan", Gauge)!.Value));
        Assert.Equal(double.PositiveInfinity, families.Value("inf", Gauge));
        Assert.True(double.IsNaN(families.Value("sum", Gauge)!.Value));
    }

    [Fact]
    public async Task Cancelled_apply_writes_nothing_and_can_be_retried()
    {
        var batch = Batch("i", 1, Family(Counter("jobs"), Add(Total, 1)));
        await using var store = new SqliteMetricStore(new(database.FilePath));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ApplyAsync(batch, new CancellationToken(true)));
        Assert.Empty(await store.ReadAsync(token));

        await store.ApplyAsync(batch, token);
        Assert.Equal(1, (await store.ReadAsync(token)).Value("jobs", Total));
    }

    [Fact]
    public async Task Writes_of_a_family_apply_in_batch_order_across_statements_of_many_rows()
    {
        // 150 adds run past one multi-row statement; a field added twice, then set and added again, must end as if
        // every write were applied one by one in order.
        var samples = new List<SampleWrite>();
        for (var i = 0; i < 150; i++)
        {
            samples.Add(Add($$"""_total:{"id":"{{i}}"}""", i));
            samples.Add(SetIfAbsent($$"""_created:{"id":"{{i}}"}""", 1000 + i));
        }

        samples.AddRange([Add(Total, 1), Add(Total, 2), Set(Total, 10), Add(Total, 5), SetIfAbsent(Total, 99)]);
        await using var store = new SqliteMetricStore(new(database.FilePath));

        await store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), samples.ToArray())), token);

        var families = await store.ReadAsync(token);
        Assert.Equal(301, families.Single(f => f.Name == "jobs").Samples.Count);
        Assert.Equal(15, families.Value("jobs", Total));
        Assert.Equal(149, families.Value("jobs", """_total:{"id":"149"}"""));
        Assert.Equal(1064, families.Value("jobs", """_created:{"id":"64"}"""));
    }

    [Fact]
    public async Task Batch_of_10000_series_applies_in_one_flush()
    {
        var samples = Enumerable.Range(0, 10_000).Select(i => Add($$"""_total:{"id":"{{i}}"}""", i)).ToArray();
        await using var store = new SqliteMetricStore(new(database.FilePath));
        await store.ApplyAsync(Batch("warm-up", 1, Family(Counter("other"), Add(Total, 1))), token);

        var insert = System.Diagnostics.Stopwatch.StartNew();
        await store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), samples)), token);
        insert.Stop();
        var update = System.Diagnostics.Stopwatch.StartNew();
        await store.ApplyAsync(Batch("i", 2, Family(Counter("jobs"), samples)), token);
        update.Stop();
        var read = System.Diagnostics.Stopwatch.StartNew();
        var families = await store.ReadAsync(token);
        read.Stop();
        TestContext.Current.SendDiagnosticMessage(
            $"10 000 series: insert {insert.Elapsed.TotalMilliseconds:F1} ms, update {update.Elapsed.TotalMilliseconds:F1} ms, "
            + $"read {read.Elapsed.TotalMilliseconds:F1} ms");

        Assert.Equal(10_000, families.Single(f => f.Name == "jobs").Samples.Count);
        Assert.Equal(0, families.Value("jobs", """_total:{"id":"0"}"""));
        Assert.Equal(2 * 4321, families.Value("jobs", """_total:{"id":"4321"}"""));
        Assert.Equal(2 * 9999, families.Value("jobs", """_total:{"id":"9999"}"""));
    }
}
