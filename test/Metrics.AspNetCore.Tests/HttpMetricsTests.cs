using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary><c>UseDistributedHttpMetrics</c> on a test server with an in-memory store.</summary>
public sealed class HttpMetricsTests
{
    private const string Orders = "/orders/{id}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_are_counted_by_route_template_status_code_and_method()
    {
        using var host = await StartAsync();
        var client = host.GetTestClient();

        (await client.GetAsync("/orders/1", Token)).EnsureSuccessStatusCode();
        (await client.GetAsync("/orders/2", Token)).EnsureSuccessStatusCode();
        (await client.PostAsync("/orders/3", null, Token)).EnsureSuccessStatusCode();
        await client.GetAsync("/nowhere", Token);
        var snapshot = await CollectAsync(host);

        Assert.Equal(2, snapshot.GetValue("http_requests_received_total", ("code", "200"), ("method", "GET"), ("route", Orders)));
        Assert.Equal(1, snapshot.GetValue("http_requests_received_total", ("code", "201"), ("method", "POST"), ("route", Orders)));
        Assert.Equal(1, snapshot.GetValue("http_requests_received_total", ("code", "404"), ("method", "GET"), ("route", "")));
        Assert.Equal(2, snapshot.GetValue("http_request_duration_seconds_count", ("code", "200"), ("method", "GET"), ("route", Orders)));
        Assert.Equal(2, snapshot.GetValue("http_request_duration_seconds_bucket", ("code", "200"), ("method", "GET"), ("route", Orders), ("le", "+Inf")));
        Assert.DoesNotContain("/orders/1", await ScrapeAsync(client), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_methods_share_one_series()
    {
        using var host = await StartAsync();
        var client = host.GetTestClient();

        foreach (var method in new[] { "FOO", "BAR" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/orders/1");
            using var response = await client.SendAsync(request, Token);
        }

        var snapshot = await CollectAsync(host);
        Assert.Equal(2, snapshot.GetValue("http_requests_received_total", ("code", "405"), ("method", "OTHER"), ("route", "")));
    }

    [Fact]
    public async Task Exception_escaping_the_endpoint_is_counted_as_500()
    {
        using var host = await StartAsync();

        await Record.ExceptionAsync(() => host.GetTestClient().GetAsync("/throw", Token));
        var snapshot = await CollectAsync(host);

        Assert.Equal(1, snapshot.GetValue("http_requests_received_total", ("code", "500"), ("method", "GET"), ("route", "/throw")));
    }

    [Fact]
    public async Task In_progress_counts_a_running_request_and_returns_to_zero()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = await StartAsync(endpoints => endpoints.MapGet("/slow", () => release.Task));
        var client = host.GetTestClient();
        (string, string)[] slow = [("method", "GET"), ("route", "/slow")];

        var running = client.GetAsync("/slow", Token);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            while ((await CollectAsync(host)).GetValue("http_requests_in_progress", slow) != 1)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        release.SetResult();
        (await running).EnsureSuccessStatusCode();
        var snapshot = await CollectAsync(host);

        Assert.Equal(0, snapshot.GetValue("http_requests_in_progress", slow));
        Assert.Equal(1, snapshot.GetValue("http_requests_received_total", [("code", "200"), .. slow]));
    }

    [Fact]
    public async Task Metrics_endpoint_requests_are_not_recorded()
    {
        using var host = await StartAsync();
        var client = host.GetTestClient();

        (await client.GetAsync("/orders/1", Token)).EnsureSuccessStatusCode();
        await ScrapeAsync(client);
        await ScrapeAsync(client);
        await host.Services.GetRequiredService<DistributedMetrics>().FlushAsync(Token);
        var body = await ScrapeAsync(client);

        Assert.Contains("http_requests_received_total{code=\"200\",method=\"GET\",route=\"/orders/{id}\"} 1\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("route=\"/metrics\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_labels_can_be_dropped_and_labels_added_under_another_prefix()
    {
        using var host = await StartAsync(configure: o =>
        {
            o.Prefix = "api";
            o.IncludeStatusCode = false;
            o.IncludeRoute = false;
            o.AddLabel("tenant", context => context.Request.Headers["X-Tenant"].FirstOrDefault());
        });
        var client = host.GetTestClient();

        foreach (var tenant in new[] { "acme", "acme", "globex" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
            request.Headers.Add("X-Tenant", tenant);
            (await client.SendAsync(request, Token)).EnsureSuccessStatusCode();
        }

        (await client.GetAsync("/orders/1", Token)).EnsureSuccessStatusCode();
        var snapshot = await CollectAsync(host);

        Assert.Equal(2, snapshot.GetValue("api_requests_received_total", ("method", "GET"), ("tenant", "acme")));
        Assert.Equal(1, snapshot.GetValue("api_requests_received_total", ("method", "GET"), ("tenant", "globex")));
        Assert.Equal(1, snapshot.GetValue("api_requests_received_total", ("method", "GET"), ("tenant", "")));
        Assert.Equal(2, snapshot.GetValue("api_request_duration_seconds_count", ("method", "GET"), ("tenant", "acme")));
        Assert.Equal(0, snapshot.GetValue("api_requests_in_progress", ("method", "GET"), ("tenant", "acme")));
        Assert.Null(snapshot.GetValue("http_requests_received_total", ("code", "200"), ("method", "GET"), ("route", Orders)));
    }

    [Fact]
    public async Task Added_label_that_clashes_with_a_default_label_fails_at_start_up()
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => StartAsync(configure: o => o.AddLabel("route", _ => "x")));

        Assert.Contains("route", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_a_request_of_an_existing_series_allocates_nothing()
    {
        await using var metrics = DistributedMetrics.Create(new DistributedMetricsOptions().UseInMemory());
        var requests = new HttpRequestMetrics(metrics, new HttpMetricsOptions());
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Response.StatusCode = 200;
        context.SetEndpoint(new RouteEndpoint(
            _ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(Orders), 0, null, null));
        RecordOnce(requests, context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordOnce(requests, context);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void RecordOnce(HttpRequestMetrics requests, HttpContext context)
        {
            var inProgress = requests.InProgress(context, HttpEndpointLabels.Of(context.GetEndpoint()).Route);
            inProgress.Inc();
            inProgress.Dec();
            requests.Record(context, HttpEndpointLabels.Of(context.GetEndpoint()).Route, context.Response.StatusCode, 0.01);
        }
    }

    private static Task<IHost> StartAsync(Action<HttpMetricsOptions>? configure = null) => StartAsync(_ => { }, configure);

    private static Task<IHost> StartAsync(Action<IEndpointRouteBuilder> endpoints, Action<HttpMetricsOptions>? configure = null) =>
        TestHosts.StartAsync(
            o =>
            {
                o.UseInMemory();
                o.ScrapeCacheDuration = TimeSpan.Zero;
                o.SelfMetrics = false;
            },
            middleware: app => app.UseDistributedHttpMetrics(configure),
            endpoints: e =>
            {
                e.MapGet(Orders, (int id) => $"order {id}");
                e.MapPost(Orders, (int id) => Results.Created($"/orders/{id}", null));
                e.MapGet("/throw", string () => throw new InvalidOperationException("Endpoint failed on purpose."));
                e.MapDistributedMetrics();
                endpoints(e);
            });

    private static async Task<MetricsSnapshot> CollectAsync(IHost host)
    {
        var metrics = host.Services.GetRequiredService<DistributedMetrics>();
        await metrics.FlushAsync(Token);
        return await metrics.CollectAsync(Token);
    }

    private static Task<string> ScrapeAsync(HttpClient client) => client.GetStringAsync("/metrics", Token);
}
