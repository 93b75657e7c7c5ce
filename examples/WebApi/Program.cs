using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Prometheus.Distributed;
using WebApi;

var builder = WebApplication.CreateBuilder(args);

// --Example:Metrics=false runs the same app without metrics: the baseline of bench/http.sh.
var metricsOn = builder.Configuration.GetValue("Example:Metrics", defaultValue: true);
if (metricsOn)
{
    // Options, static labels included (DistributedMetrics:StaticLabels:service=...), come from configuration.
    var metrics = builder.Services
        .AddDistributedMetrics(builder.Configuration.GetSection("DistributedMetrics"))
        .AddMetrics<WorkMetrics>();

    // The framework's own meters: request durations by route template, and outgoing HTTP calls
    // (--Example:Meters=false leaves them out, so bench/http.sh can price them apart from the HTTP metrics).
    if (builder.Configuration.GetValue("Example:Meters", defaultValue: true))
    {
        metrics.AddMeter("Microsoft.AspNetCore.Hosting", "System.Net.Http");
    }

    // With no store configured the example keeps its metrics in metrics.db in the working folder;
    // --DistributedMetrics:Redis=host:port or --DistributedMetrics:Sqlite=path choose another.
    metrics.Services.PostConfigure<DistributedMetricsOptions>(o =>
    {
        if (o.Sqlite is null && o.Redis is null && !o.InMemory)
        {
            o.UseSqlite("metrics.db");
        }
    });
}

var app = builder.Build();

if (metricsOn)
{
    // Counts and times every request by status code, method and route template (here "/work/{kind}").
    app.UseDistributedHttpMetrics();
}

app.MapGet("/work/{kind}", (string kind, [FromServices] WorkMetrics? work) =>
{
    var started = Stopwatch.GetTimestamp();
    work?.InFlight.Inc();
    try
    {
        work?.Work.WithLabels(kind).Inc();
        return Results.Text($"did {kind}\n");
    }
    finally
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        work?.Duration.WithLabels(kind).Observe(seconds);
        work?.Latency.WithLabels(kind).Observe(seconds);
        work?.InFlight.Dec();
    }
});

if (metricsOn)
{
    app.MapDistributedMetrics("/metrics");
}

app.Run();

/// <summary>Visible to WebApplicationFactory tests.</summary>
public partial class Program;
