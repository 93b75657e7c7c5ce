using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Factory_and_metrics_resolve_to_one_singleton()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDistributedMetrics(o => o.UseInMemory());
        await using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<DistributedMetrics>(), provider.GetRequiredService<IMetricFactory>());
        Assert.Same(provider.GetRequiredService<IMetricFactory>(), provider.GetRequiredService<IMetricFactory>());
    }

    [Fact]
    public void Adding_twice_registers_the_services_once()
    {
        var services = new ServiceCollection();
        services.AddDistributedMetrics(o => o.UseInMemory());
        services.AddDistributedMetrics(o => o.Prefix = "shop");

        Assert.Single(services, d => d.ServiceType == typeof(DistributedMetrics));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<DistributedMetricsOptions>));
    }

    [Fact]
    public async Task Typed_metrics_class_is_a_singleton_built_from_the_factory()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDistributedMetrics(o => o.UseInMemory()).AddMetrics<CheckoutMetrics>();
        await using var provider = services.BuildServiceProvider();

        var metrics = provider.GetRequiredService<CheckoutMetrics>();
        Assert.Same(metrics, provider.GetRequiredService<CheckoutMetrics>());
        metrics.Orders.WithLabels("fr").Inc();
    }

    [Fact]
    public void Configuration_section_binds_the_documented_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DistributedMetrics:Sqlite"] = "/tmp/x.db",
            ["DistributedMetrics:Prefix"] = "shop",
            ["DistributedMetrics:FlushInterval"] = "00:00:02",
            ["DistributedMetrics:InstanceId"] = "pod-1",
            ["DistributedMetrics:Expiry"] = "02:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddDistributedMetrics(configuration.GetSection("DistributedMetrics"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DistributedMetricsOptions>>().Value;

        Assert.Equal("/tmp/x.db", options.Sqlite);
        Assert.Equal("shop", options.Prefix);
        Assert.Equal(TimeSpan.FromSeconds(2), options.FlushInterval);
        Assert.Equal("pod-1", options.InstanceId);
        Assert.Equal(TimeSpan.FromHours(2), options.Expiry);
    }

    [Fact]
    public async Task Invalid_options_stop_start_up_naming_the_setting()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddDistributedMetrics(o =>
            {
                o.UseInMemory();
                o.FlushInterval = TimeSpan.FromSeconds(-1);
            }))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("DistributedMetrics: FlushInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_the_endpoint_without_registration_fails_early()
    {
        var builder = WebApplication.CreateBuilder();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapDistributedMetrics());
        Assert.Contains("AddDistributedMetrics", error.Message, StringComparison.Ordinal);
    }

    private sealed class CheckoutMetrics(IMetricFactory metrics)
    {
        public ICounter Orders { get; } = metrics.CreateCounter("shop_orders_total", "Orders placed.", "country");
    }
}
