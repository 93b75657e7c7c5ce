using System.Net;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// A scrape of a frozen redis-server waits for the smaller of <c>ScrapeTimeout</c> and the scraper's
/// <c>X-Prometheus-Scrape-Timeout-Seconds</c> before answering 503; the 503 names the bound it used.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class ScrapeTimeoutHeaderTests(RedisServerFixture fixture)
{
    [Theory]
    [InlineData("00:01:00", "0.5", "0.5")]
    [InlineData("00:00:00.500", "30", "0.5")]
    [InlineData("00:00:00.500", "not-a-number", "0.5")]
    public async Task Frozen_store_answers_503_after_the_smaller_of_both_timeouts(string scrapeTimeout, string header, string bound)
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        using var app = new RedisWebApi(server.EndPoint, scrapeTimeout);
        await app.WorkAsync("scrape");
        await app.WaitForTotalAsync("scrape", 1, TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", header);

        HttpResponseMessage response;
        string body;
        await server.FreezeAsync();
        try
        {
            response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
            body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            await server.ThawAsync();
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal($"Metrics store did not answer within {bound} s.\n", body);
        }
    }
}
