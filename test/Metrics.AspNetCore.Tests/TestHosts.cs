using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>Starts a minimal app with distributed metrics on a test server.</summary>
internal static class TestHosts
{
    public static async Task<IHost> StartAsync(Action<DistributedMetricsOptions> configure)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    services.AddRouting();
                    services.AddDistributedMetrics(configure);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapDistributedMetrics());
                }))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static IMetricFactory Metrics(this IHost host) => host.Services.GetRequiredService<IMetricFactory>();

    public static DistributedMetrics DistributedMetrics(this IHost host) => host.Services.GetRequiredService<DistributedMetrics>();
}
