using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>The metrics endpoint composes with ASP.NET Core's endpoint conventions like any other endpoint.</summary>
public sealed class EndpointSecurityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Require_authorization_rejects_an_anonymous_scrape_and_accepts_an_authenticated_one()
    {
        using var host = await TestHosts.StartAsync(
            o => o.UseInMemory(),
            services =>
            {
                services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
                services.AddAuthorization();
            },
            endpoints => endpoints.MapDistributedMetrics().RequireAuthorization());
        using var client = host.GetTestClient();

        using var anonymous = await client.GetAsync("/metrics", Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(TestAuthenticationHandler.Header, "prometheus");
        using var authorised = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
    }

    [Fact]
    public async Task Require_host_serves_metrics_only_on_the_management_port()
    {
        using var host = await TestHosts.StartAsync(
            o => o.UseInMemory(),
            _ => { },
            endpoints => endpoints.MapDistributedMetrics().RequireHost("*:9100"));
        using var client = host.GetTestClient();

        using var management = await client.GetAsync("http://localhost:9100/metrics", Token);
        using var elsewhere = await client.GetAsync("http://localhost:8080/metrics", Token);

        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }
}
