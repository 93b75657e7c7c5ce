using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary><c>AddMeter(...)</c> in a host: the framework's own meters and observable instruments flow into the store.</summary>
public sealed class MeterBridgeHostingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Aspnetcore_hosting_meter_counts_requests_in_http_server_request_duration_seconds()
    {
        using var host = await StartAsync(builder => builder.AddMeter("Microsoft.AspNetCore.Hosting"));
        using var client = host.GetTestClient();
        var before = await RequestCountAsync(host);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/hello", TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
        }

        var after = await WaitForAsync(host, body => Count(body) >= before + 3);
        Assert.True(Count(after) >= before + 3, after);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", after, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/hello\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observable_instruments_are_polled_every_flush_interval()
    {
        var meterName = "Test.Hosted." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var polls = 0;
        meter.CreateObservableCounter("polls", () => Interlocked.Increment(ref polls));
        using var host = await StartAsync(builder => builder.AddMeter(meterName));

        var body = await WaitForAsync(host, text => text.Contains("\npolls_total ", StringComparison.Ordinal));

        Assert.Contains("\npolls_total ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_meters_in_two_calls_registers_one_bridge_listening_to_both()
    {
        var services = new ServiceCollection();
        services.AddDistributedMetrics(o => o.UseInMemory()).AddMeter("A").AddMeter("B", "C");

        Assert.Single(services, d => d.ImplementationType?.Name == "MeterBridgeService");
        var names = services.BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Meters.MeterBridgeOptions>>().Value.MeterNames;
        Assert.Equal(["A", "B", "C"], names.Order());
    }

    [Fact]
    public void Declared_instrument_tags_replace_the_well_known_ones_and_empty_keys_are_refused()
    {
        var builder = new ServiceCollection().AddDistributedMetrics(o => o.UseInMemory())
            .AddMeter("Microsoft.AspNetCore.Hosting", "Shop")
            .AddInstrumentTags("Shop", "orders.placed", "country")
            .AddInstrumentTags("Microsoft.AspNetCore.Hosting", "http.server.active_requests", "http.request.method");

        var options = builder.Services.BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Meters.MeterBridgeOptions>>().Value;

        Assert.Equal(["country"], options.TagKeysOf("Shop", "orders.placed")!);
        Assert.Equal(["http.request.method"], options.TagKeysOf("Microsoft.AspNetCore.Hosting", "http.server.active_requests")!);
        Assert.Contains("http.route", options.TagKeysOf("Microsoft.AspNetCore.Hosting", "http.server.request.duration")!);
        Assert.Null(options.TagKeysOf("Shop", "orders.refunded"));
        var error = Assert.Throws<ArgumentException>(() => builder.AddInstrumentTags("Shop", "orders.placed", "country", " "));
        Assert.Contains("A tag key of instrument 'orders.placed' of meter 'Shop' is null or empty.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_meter_name_is_refused()
    {
        var builder = new ServiceCollection().AddDistributedMetrics(o => o.UseInMemory());

        var error = Assert.Throws<ArgumentException>(() => builder.AddMeter("A", ""));

        Assert.Contains("meter name", error.Message, StringComparison.Ordinal);
    }

    private static double Count(string body) => body.Split('\n')
        .Where(line => line.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static async Task<double> RequestCountAsync(IHost host) => Count(await ScrapeAsync(host));

    private static async Task<string> WaitForAsync(IHost host, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var body = await ScrapeAsync(host);
            if (condition(body) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string> ScrapeAsync(IHost host)
    {
        var metrics = host.Services.GetRequiredService<DistributedMetrics>();
        await metrics.FlushAsync(TestContext.Current.CancellationToken);
        return await StoreText.ScrapeAsync(metrics);
    }

    private static Task<IHost> StartAsync(Action<IDistributedMetricsBuilder> configure) =>
        TestHosts.StartAsync(
            o =>
            {
                o.UseInMemory();
                o.FlushInterval = TimeSpan.FromMilliseconds(100);
                o.ScrapeCacheDuration = TimeSpan.Zero;
            },
            endpoints: e => e.MapGet("/hello", () => Results.Text("hi")),
            features: configure);
}
