using System.Globalization;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// Three batch-job processes observe item sizes into one native histogram in a shared store (a real Redis, an SQLite
/// file); a real Prometheus with native histograms enabled scrapes a web instance of the same store over protobuf and
/// answers with the exact count and sum, and a quantile within one bucket of the exact one.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class NativeHistogramPrometheusTests(RedisServerFixture redis, ITestOutputHelper output) : IDisposable
{
    private const int ItemsPerJob = 2000;
    private const string Histogram = "example_batch_item_size_bytes";

    private readonly TempFolder folder = new();

    public static TheoryData<string> Stores() => ["redis", "sqlite"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Native_buckets_from_three_processes_add_up_exactly_in_a_real_prometheus(string store)
    {
        string[] settings = store == "redis"
            ? [$"--DistributedMetrics:Redis={redis.Require().EndPoint}", "--DistributedMetrics:Prefix=e2e" + Guid.NewGuid().ToString("N")[..12]]
            : [$"--DistributedMetrics:Sqlite={folder.File("metrics.db")}"];
        var jobs = Enumerable.Range(0, 3)
            .Select(j => ExampleProcess.RunBatchJobAsync(
                folder.Path, ["--items", ItemsPerJob.ToString(CultureInfo.InvariantCulture), "--first", (j * ItemsPerJob).ToString(CultureInfo.InvariantCulture), .. settings]))
            .ToArray();
        var results = await Task.WhenAll(jobs);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        await using var web = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var prometheus = await PrometheusServer.StartAsync(
            "example", [web.BaseAddress!.Authority], TimeSpan.FromSeconds(1), "native-histograms");
        var sizes = Enumerable.Range(0, 3 * ItemsPerJob).Select(n => 1 + ((long)n * 7919 % 100_000)).Order().ToArray();

        var count = await AwaitAsync(prometheus, $"histogram_count({Histogram})", sizes.Length.ToString(CultureInfo.InvariantCulture));
        var sum = await prometheus.QueryAsync($"histogram_sum({Histogram})", TestContext.Current.CancellationToken);
        var quantile = double.Parse(
            (await prometheus.QueryAsync($"histogram_quantile(0.9, {Histogram})", TestContext.Current.CancellationToken))!,
            CultureInfo.InvariantCulture);

        Assert.Equal(sizes.Length.ToString(CultureInfo.InvariantCulture), count);
        Assert.Equal(sizes.Sum(), double.Parse(sum!, CultureInfo.InvariantCulture));
        var exact = sizes[(int)Math.Ceiling(0.9 * sizes.Length) - 1];
        var error = Math.Abs(quantile - exact) / exact;
        var bound = Math.Pow(2, Math.Pow(2, -3)) - 1;
        output.WriteLine($"{store}: histogram_quantile(0.9) = {quantile}, exact {exact}, relative error {error:P2} (one bucket at schema 3: {bound:P2}).");
        Assert.InRange(error, 0, bound);
    }

    public void Dispose() => folder.Dispose();

    /// <summary>Queries until Prometheus answers <paramref name="expected"/> (it has scraped), or fails after a minute.</summary>
    private static async Task<string?> AwaitAsync(PrometheusServer prometheus, string promql, string expected)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        string? value = null;
        try
        {
            while (value != expected)
            {
                await Task.Delay(200, deadline.Token);
                value = await prometheus.QueryAsync(promql, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Prometheus returned {value ?? "nothing"} for {promql}, not {expected}. Targets: "
                + await prometheus.TargetsAsync(TestContext.Current.CancellationToken) + "\nLog:\n" + prometheus.Log);
        }

        return value;
    }
}
