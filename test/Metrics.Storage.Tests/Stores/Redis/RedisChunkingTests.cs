using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

[Collection(RedisServerGroup.Name)]
public sealed class RedisChunkingTests(RedisServerFixture fixture)
{
    private const int Series = 10_000;
    private const int Batches = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The family's 60 000 fields are more than a reader takes in one <c>HGETALL</c>: it reads an atomic copy in
    /// <c>HSCAN</c> pages, which must be as whole as the <c>HGETALL</c> was (pages of the live hash are torn).
    /// </summary>
    [Fact]
    public async Task Chunked_batches_apply_exactly_and_a_concurrent_reader_never_sees_a_torn_histogram_series()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var writer = NewStore(server.EndPoint + ",syncTimeout=10000", prefix, maxWritesPerScript: 1000);
        await using var reader = NewStore(server.EndPoint + ",syncTimeout=10000", prefix);
        await server.CliAsync("CONFIG", "RESETSTAT");
        var histogram = Histogram("latency", [0.1, 1]);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var reads = ReadUntilCancelledAsync(reader, done.Token);
        for (var sequence = 1; sequence <= Batches; sequence++)
        {
            await writer.ApplyAsync(Batch("i1", sequence, Observations(histogram, Series, 0.5)), Ct);
        }

        await done.CancelAsync();
        var (readCount, torn) = await reads;
        var fields = Fields(await reader.ReadAsync(Ct), "latency");

        Assert.True(readCount > 0, "The reader never read while the writer wrote.");
        Assert.True((await CommandStatsAsync(server, "copy")).Calls > 0, "The reader never read from a copy.");
        Assert.Empty(torn);
        Assert.Equal(Series * 6, fields.Count);
        Assert.All(fields.Where(f => f.Key.StartsWith("_count:", StringComparison.Ordinal)), f => Assert.Equal(Batches, f.Value));
        Assert.All(fields.Where(f => f.Key.StartsWith("_sum:", StringComparison.Ordinal)), f => Assert.Equal(Batches * 0.5, f.Value));
        Assert.All(fields.Where(f => f.Key.StartsWith("_bucket:{\"le\":\"0.1\"", StringComparison.Ordinal)), f => Assert.Equal(0, f.Value));
    }

    private static async Task<(int Reads, List<string> Torn)> ReadUntilCancelledAsync(Prometheus.Distributed.Stores.Redis.RedisMetricStore reader, CancellationToken stop)
    {
        var reads = 0;
        var torn = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            var families = await reader.ReadAsync(CancellationToken.None);
            if (families.Count > 0)
            {
                reads++;
                torn.AddRange(TornSeries(Fields(families, "latency")));
            }

            await Task.Yield();
        }

        return (reads, torn);
    }
}
