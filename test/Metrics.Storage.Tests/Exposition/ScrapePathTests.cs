using System.Text;
using Prometheus.Distributed.Tests.Collectors;
using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>
/// The scrape path (<see cref="DistributedMetrics.ScrapeAsync"/>): the store read a family at a time into an encoded
/// body, shared for the cache window, failing whole when the store fails at any family.
/// </summary>
public sealed class ScrapePathTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Store_failure_after_the_first_family_fails_the_scrape_and_the_next_scrape_reads_again()
    {
        var store = new FailingReadStore();
        await using var metrics = MetricsHarness.Create(store, o => o.ScrapeCacheDuration = TimeSpan.FromMinutes(10));
        metrics.CreateCounter("a_jobs_total", "Jobs.").Inc();
        metrics.CreateCounter("z_jobs_total", "Jobs.").Inc(2);
        await metrics.FlushAsync(Token);
        store.FailAfterFamilies = 1;

        await Assert.ThrowsAsync<IOException>(() => metrics.ScrapeAsync(ExpositionFormat.PrometheusText, null, gzip: false, Token));
        store.FailAfterFamilies = null;
        var text = await ScrapeTextAsync(metrics, ExpositionFormat.PrometheusText, null);

        Assert.Equal(2, store.Reads);
        Assert.Equal(2, metrics.Encodings);
        Assert.Contains("a_jobs_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("z_jobs_total 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_outliving_its_window_goes_back_to_the_pool_when_a_later_scrape_replaces_it()
    {
        var store = new FailingReadStore();
        await using var metrics = MetricsHarness.Create(store, o => o.ScrapeCacheDuration = TimeSpan.FromMilliseconds(1));
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();
        await metrics.FlushAsync(Token);
        var first = await metrics.ScrapeAsync(ExpositionFormat.PrometheusText, null, gzip: false, Token);
        first.Release();

        await Eventually.HoldsAsync(
            async () =>
            {
                var next = await metrics.ScrapeAsync(ExpositionFormat.PrometheusText, null, gzip: false, Token);
                next.Release();
                return !ReferenceEquals(next, first);
            },
            TimeSpan.FromSeconds(30),
            "a scrape after the window reading again");

        Assert.False(first.TryAcquire());
        Assert.True(store.Reads >= 2);
    }

    public static TheoryData<ExpositionFormat, NameEscapingScheme> FormatsAndEscapings()
    {
        var data = new TheoryData<ExpositionFormat, NameEscapingScheme>();
        foreach (var format in Enum.GetValues<ExpositionFormat>())
        {
            foreach (var escaping in Enum.GetValues<NameEscapingScheme>())
            {
                data.Add(format, escaping);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndEscapings))]
    public async Task Scrape_body_is_what_the_snapshot_writes(ExpositionFormat format, NameEscapingScheme escaping)
    {
        var store = new FailingReadStore();
        await using var metrics = MetricsHarness.Create(store, o => o.NameValidation = NameValidation.Utf8);
        metrics.CreateCounter("http_requests_total", "Requests.", "method", "code").WithLabels("GET", "200").Inc(3);
        metrics.CreateCounter("http_requests_total", "Requests.", "method", "code").WithLabels("POST", "500").Inc();
        metrics.CreateHistogram("latency_seconds", "Latency.", [0.1, 1], "route").WithLabels("/a").Observe(0.5);
        metrics.CreateSummary("payload_bytes", "Payload.").Observe(300);
        metrics.CreateGauge("queue_depth", "Depth.", GaugeMode.LiveSum, "queue").WithLabels("q\"1\\").Set(4);
        metrics.CreateGauge("worker_busy", "Busy.", GaugeMode.PerInstance).Set(1);
        metrics.CreateInfo("app_build_info", "Build.").Set(("version", "1.4.2"));
        metrics.CreateStateSet("breaker", "Breaker.", ["open", "closed"]).SetOnly("open");
        metrics.CreateCounter("my.requests_total", "Dotted.", "the.route").WithLabels("/b").Inc();
        metrics.CreateGauge("my_requests", "Clashes with my.requests once escaped.").Set(7);
        metrics.AddCollector(new DelegateCollector((sink, _) =>
        {
            sink.AddGauge("collected_temperature", "From a collector.", "room").Add(["kitchen"], 21.5);
            return ValueTask.CompletedTask;
        }));
        await metrics.FlushAsync(Token);

        var snapshot = await metrics.CollectAsync(Token);
        using var written = new MemoryStream();
        await snapshot.WriteAsync(written, format, escaping, Token);
        var body = await metrics.ScrapeAsync(format, escaping, gzip: false, Token);
        using var scraped = new MemoryStream();
        try
        {
            await body.WriteToAsync(scraped, Token);
            Assert.Equal(body.Length, scraped.Length);
        }
        finally
        {
            body.Release();
        }

        Assert.Equal(Encoding.UTF8.GetString(written.ToArray()), Encoding.UTF8.GetString(scraped.ToArray()));
        Assert.Equal(written.ToArray(), scraped.ToArray());
    }

    private static async Task<string> ScrapeTextAsync(DistributedMetrics metrics, ExpositionFormat format, NameEscapingScheme? escaping)
    {
        var body = await metrics.ScrapeAsync(format, escaping, gzip: false, Token);
        try
        {
            using var copy = new MemoryStream();
            await body.WriteToAsync(copy, Token);
            return Encoding.UTF8.GetString(copy.ToArray());
        }
        finally
        {
            body.Release();
        }
    }
}
