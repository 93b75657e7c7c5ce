using System.Diagnostics;
using Prometheus.Distributed;
using WebApi;

var builder = WebApplication.CreateBuilder(args);

var metrics = builder.Services
    .AddDistributedMetrics(builder.Configuration.GetSection("DistributedMetrics"))
    .AddMetrics<WorkMetrics>();

// With no store configured the example keeps its metrics in metrics.db in the working folder;
// --DistributedMetrics:Redis=host:port or --DistributedMetrics:Sqlite=path choose another.
metrics.Services.PostConfigure<DistributedMetricsOptions>(o =>
{
    if (o.Sqlite is null && o.Redis is null && !o.InMemory)
    {
        o.UseSqlite("metrics.db");
    }
});

var app = builder.Build();

app.MapGet("/work/{kind}", (string kind, WorkMetrics work) =>
{
    var started = Stopwatch.GetTimestamp();
    work.InFlight.Inc();
    try
    {
        work.Work.WithLabels(kind).Inc();
        return Results.Text($"did {kind}\n");
    }
    finally
    {
        work.Duration.WithLabels(kind).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        work.InFlight.Dec();
    }
});

app.MapDistributedMetrics("/metrics");

app.Run();

/// <summary>Visible to WebApplicationFactory tests.</summary>
public partial class Program;
