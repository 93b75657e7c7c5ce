using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>Starts a minimal app with distributed metrics on a test server.</summary>
internal static class TestHosts
{
    public static Task<IHost> StartAsync(Action<DistributedMetricsOptions> configure) =>
        StartAsync(configure, _ => { }, endpoints => endpoints.MapDistributedMetrics());

    /// <summary>A host with extra services and its own endpoints (authentication and authorization are in the pipeline).</summary>
    public static async Task<IHost> StartAsync(
        Action<DistributedMetricsOptions> configure, Action<IServiceCollection> services, Action<IEndpointRouteBuilder> endpoints)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(collection =>
                {
                    collection.AddRouting();
                    collection.AddDistributedMetrics(configure);
                    services(collection);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    if (app.ApplicationServices.GetService<IAuthenticationSchemeProvider>() is not null)
                    {
                        app.UseAuthentication();
                        app.UseAuthorization();
                    }

                    app.UseEndpoints(endpoints);
                }))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static IMetricFactory Metrics(this IHost host) => host.Services.GetRequiredService<IMetricFactory>();

    public static DistributedMetrics DistributedMetrics(this IHost host) => host.Services.GetRequiredService<DistributedMetrics>();
}
