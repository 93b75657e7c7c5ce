using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>A typed metrics class declares an info and a state set through DI; /metrics serves them in both formats.</summary>
public sealed class InfoStateSetEndpointTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("text/plain", "# TYPE app_build_info gauge\n", "# TYPE payment_breaker gauge\n")]
    [InlineData("application/openmetrics-text;version=1.0.0", "# TYPE app_build info\n", "# TYPE payment_breaker stateset\n")]
    public async Task Typed_metrics_info_and_state_set_are_served_in_the_negotiated_format(string accept, string infoType, string stateSetType)
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory(), features: metrics => metrics.AddMetrics<AppMetrics>());
        var app = host.Services.GetRequiredService<AppMetrics>();
        app.Build.Set(("version", "1.4.2"));
        app.Breaker.WithLabels("stripe").SetOnly("open");
        await host.DistributedMetrics().FlushAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await host.GetTestClient().SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Contains(infoType, body, StringComparison.Ordinal);
        Assert.Contains("app_build_info{version=\"1.4.2\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains(stateSetType, body, StringComparison.Ordinal);
        Assert.Contains("payment_breaker{provider=\"stripe\",payment_breaker=\"open\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("payment_breaker{provider=\"stripe\",payment_breaker=\"closed\"} 0\n", body, StringComparison.Ordinal);
    }

    private sealed class AppMetrics(IMetricFactory metrics)
    {
        public IInfo Build { get; } = metrics.CreateInfo("app_build_info", "Build of the running app.");

        public IStateSet Breaker { get; } = metrics.CreateStateSet("payment_breaker", "Circuit breaker.", ["closed", "open"], "provider");
    }
}
