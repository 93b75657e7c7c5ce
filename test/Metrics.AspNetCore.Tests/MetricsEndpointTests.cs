using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;

namespace Prometheus.Distributed.AspNetCore.Tests;

public sealed class MetricsEndpointTests
{
    private const string PrometheusServerAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plain_scrape_gets_prometheus_text_of_flushed_metrics()
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory());
        host.Metrics().CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(2);
        await host.DistributedMetrics().FlushAsync(Token);

        using var response = await host.GetTestClient().GetAsync("/metrics", Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("orders_total{country=\"fr\"} 2\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/openmetrics-text;version=1.0.0")]
    [InlineData(PrometheusServerAccept)]
    public async Task Openmetrics_accept_gets_openmetrics_ending_in_eof(string accept)
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory());
        host.Metrics().CreateCounter("orders_total", "Orders.").Inc();
        await host.DistributedMetrics().FlushAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await host.GetTestClient().SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("orders_created ", body, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_than_get_and_head_get_405_with_allow_header(string method)
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory());
        host.Metrics().CreateCounter("orders_total", "Orders.").Inc();
        await host.DistributedMetrics().FlushAsync(Token);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/metrics") { Content = new StringContent("x") };

        using var response = await host.GetTestClient().SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("orders_total", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_gets_200_with_the_content_type_and_length_of_get_and_no_body()
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory());
        host.Metrics().CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(2);
        await host.DistributedMetrics().FlushAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Head, "/metrics");

        using var response = await host.GetTestClient().SendAsync(request, Token);
        using var get = await host.GetTestClient().GetAsync("/metrics", Token);
        var body = await get.Content.ReadAsByteArrayAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Token));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(body.Length, get.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Text_preferred_by_quality_gets_prometheus_text()
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text", 0.2));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain", 0.9));

        using var response = await host.GetTestClient().SendAsync(request, Token);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Scrape_while_store_unreadable_returns_503_with_short_text()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251)).ToArray();
        await File.WriteAllBytesAsync(path, garbage, Token);
        using var host = await TestHosts.StartAsync(o => o.UseSqlite(path));

        using var response = await host.GetTestClient().GetAsync("/metrics", Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Metrics store cannot be read.\n", body);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path, Token));
    }

    [Fact]
    public async Task Host_stop_flushes_what_is_pending()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        using (var host = await TestHosts.StartAsync(o =>
        {
            o.UseSqlite(path);
            o.FlushInterval = TimeSpan.FromHours(1);
        }))
        {
            host.Metrics().CreateCounter("jobs_total", "Jobs.").Inc(3);
            await host.StopAsync(Token);
        }

        var text = await StoreText.ReadAsync(o => o.UseSqlite(path));

        Assert.Contains("jobs_total 3\n", text, StringComparison.Ordinal);
    }
}
