using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus.Distributed.AspNetCore.Internal;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>The <c>escaping</c> parameter of the scraper's chosen media range decides how UTF-8 names are written.</summary>
public sealed class Utf8NameNegotiationTests
{
    /// <summary>What Prometheus 3 sends with its default UTF-8 scrape settings.</summary>
    private const string Prometheus3Accept =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, ExpositionFormat.PrometheusText, null)]
    [InlineData("text/plain;version=0.0.4", ExpositionFormat.PrometheusText, null)]
    [InlineData("text/plain;version=0.0.4;escaping=allow-utf-8", ExpositionFormat.PrometheusText, NameEscapingScheme.AllowUtf8)]
    [InlineData("text/plain;escaping=values", ExpositionFormat.PrometheusText, NameEscapingScheme.Values)]
    [InlineData("text/plain;escaping=dots", ExpositionFormat.PrometheusText, NameEscapingScheme.Dots)]
    [InlineData("text/plain;escaping=underscores", ExpositionFormat.PrometheusText, NameEscapingScheme.Underscores)]
    [InlineData("text/plain;escaping=\"allow-utf-8\"", ExpositionFormat.PrometheusText, NameEscapingScheme.AllowUtf8)]
    [InlineData("text/plain;escaping=unknown", ExpositionFormat.PrometheusText, null)]
    [InlineData(Prometheus3Accept, ExpositionFormat.OpenMetrics, NameEscapingScheme.AllowUtf8)]
    [InlineData("text/plain;escaping=allow-utf-8;q=0.2,application/openmetrics-text;version=1.0.0", ExpositionFormat.OpenMetrics, null)]
    public void Escaping_comes_from_the_chosen_media_range(string? accept, ExpositionFormat format, NameEscapingScheme? escaping)
    {
        var chosen = ExpositionNegotiation.Negotiate(accept is null ? null : [accept]);

        Assert.Equal((format, escaping), chosen);
    }

    [Fact]
    public async Task Scraper_allowing_utf8_gets_quoted_names_and_says_so_in_the_content_type()
    {
        using var host = await StartAsync();

        var (contentType, body) = await ScrapeAsync(host, "text/plain;version=0.0.4;escaping=allow-utf-8");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8; escaping=allow-utf-8", contentType);
        Assert.Contains("# TYPE \"orders.placed_total\" counter\n", body, StringComparison.Ordinal);
        Assert.Contains("{\"orders.placed_total\",\"shop.country\"=\"fr\"} 2\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scraper_without_escaping_gets_underscore_escaped_names_and_the_usual_content_type()
    {
        using var host = await StartAsync();

        var (contentType, body) = await ScrapeAsync(host, "text/plain;version=0.0.4");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", contentType);
        Assert.Contains("orders_placed_total{shop_country=\"fr\"} 2\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"orders.placed_total\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scraper_asking_for_values_escaping_gets_it_in_openmetrics()
    {
        using var host = await StartAsync();

        var (contentType, body) = await ScrapeAsync(host, "application/openmetrics-text;version=1.0.0;escaping=values");

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=values", contentType);
        Assert.Contains("U__orders_2e_placed_total{U__shop_2e_country=\"fr\"} 2\n", body, StringComparison.Ordinal);
    }

    /// <summary>The Debian Prometheus 2.42 (which predates UTF-8 names) scrapes a real Kestrel instance.</summary>
    [Fact]
    public async Task Prometheus_2_scrapes_utf8_named_metrics_as_underscore_escaped_series()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDistributedMetrics(o =>
        {
            o.UseInMemory();
            o.NameValidation = NameValidation.Utf8;
        });
        await using var app = builder.Build();
        app.MapDistributedMetrics();
        await app.StartAsync(Token);
        app.Services.GetRequiredService<IMetricFactory>().CreateCounter("orders.placed_total", "Orders.", "shop.country")
            .WithLabels("fr").Inc(7);
        await app.Services.GetRequiredService<DistributedMetrics>().FlushAsync(Token);
        await using var prometheus = await PrometheusServer.StartAsync("utf8", [new Uri(app.Urls.First()).Authority], TimeSpan.FromSeconds(1));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        string? value = null;
        try
        {
            while (value != "7")
            {
                await Task.Delay(200, deadline.Token);
                value = await prometheus.QueryAsync("orders_placed_total{shop_country=\"fr\"}", deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            Assert.Fail($"Prometheus returned {value ?? "nothing"} for orders_placed_total, not 7. Targets: "
                + await prometheus.TargetsAsync(Token) + "\nLog:\n" + prometheus.Log);
        }

        Assert.Equal(7, double.Parse(value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Name_validation_and_escaping_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DistributedMetrics:InMemory"] = "true",
            ["DistributedMetrics:NameValidation"] = "Utf8",
            ["DistributedMetrics:NameEscaping"] = "Values",
        }).Build();
        var services = new ServiceCollection();
        services.AddDistributedMetrics(configuration.GetSection("DistributedMetrics"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DistributedMetricsOptions>>().Value;

        Assert.Equal(NameValidation.Utf8, options.NameValidation);
        Assert.Equal(NameEscapingScheme.Values, options.NameEscaping);
    }

    private static async Task<IHost> StartAsync()
    {
        var host = await TestHosts.StartAsync(o =>
        {
            o.UseInMemory();
            o.NameValidation = NameValidation.Utf8;
        });
        host.Metrics().CreateCounter("orders.placed_total", "Orders.", "shop.country").WithLabels("fr").Inc(2);
        await host.DistributedMetrics().FlushAsync(Token);
        return host;
    }

    private static async Task<(string? ContentType, string Body)> ScrapeAsync(IHost host, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await host.GetTestClient().SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(Token));
    }
}
