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
    /// <summary>
    /// Starts a host with distributed metrics configured by <paramref name="configure"/>. By default it maps only
    /// <c>/metrics</c>; the optional steps add services, features on the metrics builder, middleware after routing,
    /// and endpoints in place of the default. Authentication and authorization join the pipeline when registered.
    /// </summary>
    public static async Task<IHost> StartAsync(
        Action<DistributedMetricsOptions> configure,
        Action<IServiceCollection>? services = null,
        Action<IEndpointRouteBuilder>? endpoints = null,
        Action<IDistributedMetricsBuilder>? features = null,
        Action<IApplicationBuilder>? middleware = null)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(collection =>
                {
                    collection.AddRouting();
                    var metrics = collection.AddDistributedMetrics(configure);
                    features?.Invoke(metrics);
                    services?.Invoke(collection);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    middleware?.Invoke(app);
                    if (app.ApplicationServices.GetService<IAuthenticationSchemeProvider>() is not null)
                    {
                        app.UseAuthentication();
                        app.UseAuthorization();
                    }

                    app.UseEndpoints(endpoints ?? (e => e.MapDistributedMetrics()));
                }))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static IMetricFactory Metrics(this IHost host) => host.Services.GetRequiredService<IMetricFactory>();

    public static DistributedMetrics DistributedMetrics(this IHost host) => host.Services.GetRequiredService<DistributedMetrics>();
}
