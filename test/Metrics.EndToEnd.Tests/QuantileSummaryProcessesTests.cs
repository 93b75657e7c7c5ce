using System.Globalization;
using System.Net.Http.Headers;
using BatchJob;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>
/// Three batch-job processes observe 100 000 item sizes each into one summary with quantiles in a shared store (a real
/// Redis, an SQLite file); the quantiles any instance then serves are within the sketch's bound (0.542 %) of the exact
/// quantiles of all 300 000 sizes: three different distributions (uniform, log-normal, bimodal) served by a web process
/// whose scrape promtool accepts, and each distribution alone split over three processes.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class QuantileSummaryProcessesTests(RedisServerFixture redis, ITestOutputHelper output) : IDisposable
{
    private const int ItemsPerJob = 100_000;
    private const string Summary = "example_batch_item_bytes";
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99];
    private static readonly double Bound = (Math.Pow(2, Math.Pow(2, -6)) - 1) / (Math.Pow(2, Math.Pow(2, -6)) + 1);

    private readonly TempFolder folder = new();
    private readonly string prefix = "e2e" + Guid.NewGuid().ToString("N")[..12];

    public static TheoryData<string> Stores() => ["redis", "sqlite"];

    public static TheoryData<string, string> StoresAndDistributions() => new()
    {
        { "redis", "uniform" },
        { "redis", "lognormal" },
        { "redis", "bimodal" },
        { "sqlite", "uniform" },
        { "sqlite", "lognormal" },
        { "sqlite", "bimodal" },
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Quantiles_of_three_processes_with_different_distributions_are_within_the_bound_of_the_union(string store)
    {
        var settings = Settings(store);
        await RunJobsAsync(settings, [.. ItemSizes.Distributions.Select(d => (d, 0L))]);
        var union = ItemSizes.Distributions.SelectMany(d => Sizes(d, 0)).Order().ToArray();

        await using var web = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        using var client = new HttpClient { BaseAddress = web.BaseAddress };
        var text = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        using var openMetricsRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        openMetricsRequest.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
        using var openMetricsResponse = await client.SendAsync(openMetricsRequest, TestContext.Current.CancellationToken);
        var openMetrics = await openMetricsResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        foreach (var body in (string[])[text, openMetrics])
        {
            AssertWithinBound($"{store} union of {string.Join(" + ", ItemSizes.Distributions)}", union, q => ServedQuantile(body, q));
        }

        Assert.Contains($"{Summary}_count {union.Length}\n", text, StringComparison.Ordinal);
        var promtool = PromtoolRunner.RequirePromtool();
        var check = await PromtoolRunner.CheckMetricsAsync(promtool, text, TestContext.Current.CancellationToken);
        Assert.True(check.ExitCode == 0 && check.Stdout.Length == 0 && check.Stderr.Length == 0, check + "\nbody:\n" + text);
        var (openMetricsCheck, _) = await OpenMetricsCheck.RunAsync(promtool, openMetrics, TestContext.Current.CancellationToken);
        Assert.True(openMetricsCheck.ExitCode == 0, openMetricsCheck + "\nbody:\n" + openMetrics);
    }

    [Theory]
    [MemberData(nameof(StoresAndDistributions))]
    public async Task Quantiles_of_one_distribution_split_over_three_processes_are_within_the_bound(string store, string distribution)
    {
        var settings = Settings(store);
        await RunJobsAsync(settings, [.. Enumerable.Range(0, 3).Select(j => (distribution, (long)j * ItemsPerJob))]);
        var union = Enumerable.Range(0, 3).SelectMany(j => Sizes(distribution, (long)j * ItemsPerJob)).Order().ToArray();

        await using var reader = DistributedMetrics.Create(o =>
        {
            if (store == "redis")
            {
                o.UseRedis(redis.Require().EndPoint, prefix);
            }
            else
            {
                o.UseSqlite(folder.File("metrics.db"));
            }

            o.SelfMetrics = false;
        });
        var snapshot = await reader.CollectAsync(TestContext.Current.CancellationToken);

        AssertWithinBound(
            $"{store} {distribution} over three processes",
            union,
            q => snapshot.GetValue(Summary, ("quantile", q.ToString(CultureInfo.InvariantCulture))));
    }

    public void Dispose() => folder.Dispose();

    private static double[] Sizes(string distribution, long first) =>
        [.. Enumerable.Range(0, ItemsPerJob).Select(i => ItemSizes.Of(distribution, first + i))];

    private string[] Settings(string store) => store == "redis"
        ? [$"--DistributedMetrics:Redis={redis.Require().EndPoint}", $"--DistributedMetrics:Prefix={prefix}"]
        : [$"--DistributedMetrics:Sqlite={folder.File("metrics.db")}"];

    private async Task RunJobsAsync(string[] settings, (string Distribution, long First)[] jobs)
    {
        var results = await Task.WhenAll(jobs.Select(job => ExampleProcess.RunBatchJobAsync(
            folder.Path,
            [
                "--items", ItemsPerJob.ToString(CultureInfo.InvariantCulture),
                "--first", job.First.ToString(CultureInfo.InvariantCulture),
                "--sizes", job.Distribution,
                .. settings,
            ])));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
    }

    /// <summary>Asserts every served quantile is within the bound of the exact one of <paramref name="sorted"/>, reporting each error.</summary>
    private void AssertWithinBound(string what, double[] sorted, Func<double, double?> served)
    {
        foreach (var q in Quantiles)
        {
            var exact = sorted[(int)Math.Ceiling((decimal)q * sorted.Length) - 1];
            var value = served(q);
            Assert.True(value is not null, $"{what}: no quantile {q} served.");
            var error = Math.Abs(value.Value - exact) / exact;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"{what}: quantile {q} served {value:G6}, exact {exact:G6}, relative error {error:P3} (bound {Bound:P3})"));
            Assert.InRange(error, 0, Bound);
        }
    }

    /// <summary>The value of the summary's sample with <c>quantile</c> <paramref name="q"/> in a text or OpenMetrics body.</summary>
    private static double? ServedQuantile(string body, double q)
    {
        var start = $"{Summary}{{quantile=\"{q.ToString(CultureInfo.InvariantCulture)}\"}} ";
        var line = body.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[start.Length..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
