using System.Diagnostics;
using System.Globalization;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>
/// Measures 10 000-series flushes and reads against the local redis-server and writes the figures to the test
/// output. It asserts only correctness: timings depend on the machine.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisTimingTests(RedisServerFixture fixture)
{
    private const int Series = 10_000;
    private const int Rounds = 7;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flush_and_read_of_10_000_series_are_measured()
    {
        var server = fixture.Require();
        var counterFlushes = new List<double>();
        var counterReads = new List<double>();
        var histogramFlushes = new List<double>();
        var histogramReads = new List<double>();
        await using var counters = NewStore(server.EndPoint + ",syncTimeout=10000", NewPrefix());
        await using var histograms = NewStore(server.EndPoint + ",syncTimeout=10000", NewPrefix());
        var counter = Counter("requests", "path");
        var histogram = Histogram("latency", [0.1, 1]);

        for (var round = 1; round <= Rounds; round++)
        {
            counterFlushes.Add(await TimeAsync(() => counters.ApplyAsync(Batch("i1", round, Increments(counter)), Ct)));
            counterReads.Add(await TimeAsync(() => counters.ReadAsync(Ct)));
            histogramFlushes.Add(await TimeAsync(() => histograms.ApplyAsync(Batch("i1", round, Observations(histogram, Series, 0.5)), Ct)));
            histogramReads.Add(await TimeAsync(() => histograms.ReadAsync(Ct)));
        }

        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"counter, 10 000 series x 1 write: flush median {Median(counterFlushes):F1} ms, read median {Median(counterReads):F1} ms");
        output.WriteLine($"histogram, 10 000 series x 6 writes: flush median {Median(histogramFlushes):F1} ms, read median {Median(histogramReads):F1} ms");
        output.WriteLine($"(first round included; all rounds: {string.Join(", ", counterFlushes.Select(F))} / {string.Join(", ", histogramFlushes.Select(F))})");
        Assert.All(Fields(await counters.ReadAsync(Ct), "requests").Values, v => Assert.Equal(Rounds, v));
    }

    private static FamilyWrite Increments(Prometheus.Distributed.Metrics.MetricMetadata counter) =>
        new(counter, [.. Enumerable.Range(0, Series).Select(i => Add("_total", LabelJson.Encode(["path"], ["/p" + i.ToString(CultureInfo.InvariantCulture)]), 1))]);

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string F(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
