using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// The example service through WebApplicationFactory: a request whose ASP.NET Core activity a listener samples
/// leaves its trace id on the counter and the duration bucket it incremented, in the OpenMetrics scrape.
/// </summary>
public sealed class ExemplarWebApiTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly WebApplicationFactory<Program> factory;
    private readonly ActivityTraceId sampledTrace = ActivityTraceId.CreateRandom();
    private readonly ActivityListener listener;

    public ExemplarWebApiTests()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("DistributedMetrics:Sqlite", folder.File("metrics.db")));

        // Samples only the request that continues this test's trace, so concurrent tests' requests are left alone.
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == sampledTrace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(listener);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sampled_request_puts_its_trace_id_on_what_it_incremented_in_the_OpenMetrics_scrape()
    {
        var lines = await ScrapeAfterSampledRequestAsync(factory);

        var exemplar = $" # {{trace_id=\"{sampledTrace.ToHexString()}\",span_id=\"";
        Assert.Contains(lines, l => l.StartsWith("example_work_total{kind=\"checkout\"} 1" + exemplar, StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("example_work_duration_seconds_bucket{kind=\"checkout\"", StringComparison.Ordinal)
            && l.Contains(exemplar, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
            && l.Contains("route=\"/work/{kind}\"", StringComparison.Ordinal)
            && l.Contains(exemplar, StringComparison.Ordinal));
        Assert.Contains("example_work_total{kind=\"other\"} 1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("trace_id", StringComparison.Ordinal) && !l.Contains(sampledTrace.ToHexString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exemplars_switched_off_in_configuration_leave_the_scrape_without_any()
    {
        using var withoutExemplars = factory.WithWebHostBuilder(web => web.UseSetting("DistributedMetrics:Exemplars", "false"));

        var lines = await ScrapeAfterSampledRequestAsync(withoutExemplars);

        Assert.Contains("example_work_total{kind=\"checkout\"} 1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("trace_id", StringComparison.Ordinal));
    }

    /// <summary>Sends one request continuing the sampled trace and one without a trace, flushes, and scrapes in OpenMetrics.</summary>
    private async Task<string[]> ScrapeAfterSampledRequestAsync(WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient();
        using var sampled = new HttpRequestMessage(HttpMethod.Get, "/work/checkout");
        sampled.Headers.Add("traceparent", $"00-{sampledTrace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00");
        (await client.SendAsync(sampled, Token)).EnsureSuccessStatusCode();
        (await client.GetAsync("/work/other", Token)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<DistributedMetrics>().FlushAsync(Token);

        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
        var body = await (await client.SendAsync(scrape, Token)).EnsureSuccessStatusCode().Content.ReadAsStringAsync(Token);
        return body.Split('\n');
    }

    public void Dispose()
    {
        listener.Dispose();
        factory.Dispose();
        folder.Dispose();
    }
}
