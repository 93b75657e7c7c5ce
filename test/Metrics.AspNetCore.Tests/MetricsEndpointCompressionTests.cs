using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.TestHost;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>The metrics endpoint gzips its body exactly when the scraper's <c>Accept-Encoding</c> allows it.</summary>
public sealed class MetricsEndpointCompressionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate, gzip;q=0.5")]
    [InlineData("*")]
    public async Task Gzip_accepted_gets_a_gzipped_body_that_decompresses_to_the_exposition(string acceptEncoding)
    {
        using var host = await StartWithOneCounterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await host.GetTestClient().SendAsync(request, Token);
        var compressed = await response.Content.ReadAsStreamAsync(Token);
        using var text = new StreamReader(new GZipStream(compressed, CompressionMode.Decompress));
        var body = await text.ReadToEndAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("orders_total 3\n", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("gzip;q=0")]
    [InlineData("*, gzip;q=0")]
    public async Task Gzip_not_accepted_gets_plain_text(string? acceptEncoding)
    {
        using var host = await StartWithOneCounterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        using var response = await host.GetTestClient().SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("orders_total 3\n", body, StringComparison.Ordinal);
    }

    private static async Task<Microsoft.Extensions.Hosting.IHost> StartWithOneCounterAsync()
    {
        var host = await TestHosts.StartAsync(o => o.UseInMemory());
        host.Metrics().CreateCounter("orders_total", "Orders.").Inc(3);
        await host.DistributedMetrics().FlushAsync(Token);
        return host;
    }
}
