using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Prometheus.Distributed;

// A short-lived job: counts and times its items, records when it last succeeded, flushes and exits.
// Usage: BatchJob --items 1000 [--DistributedMetrics:Sqlite=metrics.db | --DistributedMetrics:Redis=host:port]
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

var items = configuration.GetValue("items", 100);
var options = new DistributedMetricsOptions();
configuration.GetSection("DistributedMetrics").Bind(options);
if (options.Sqlite is null && options.Redis is null && !options.InMemory)
{
    options.UseSqlite("metrics.db");
}

await using (var metrics = DistributedMetrics.Create(options))
{
    var done = metrics.CreateCounter("example_batch_items_total", "Items processed by the batch job.");
    var duration = metrics.CreateHistogram("example_batch_item_duration_seconds", "Time spent on one item.");
    var lastSuccess = metrics.CreateGauge(
        "example_batch_last_success_timestamp_seconds", "When the batch job last finished, in unix seconds.");

    for (var i = 0; i < items; i++)
    {
        var started = Stopwatch.GetTimestamp();
        done.Inc();
        duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    lastSuccess.Set(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"processed {items} items"));
