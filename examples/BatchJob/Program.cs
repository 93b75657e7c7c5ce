using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Prometheus.Distributed;

// A short-lived job: counts and times its items, records their sizes in a native histogram and when it last
// succeeded, flushes and exits. Item n (counting from --first, default 0) is 1 + (n * 7919) % 100000 bytes.
// Usage: BatchJob --items 1000 [--first 0] [--DistributedMetrics:Sqlite=metrics.db | --DistributedMetrics:Redis=host:port]
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

var items = configuration.GetValue("items", 100);
var first = configuration.GetValue("first", 0L);
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
    var sizes = metrics.CreateHistogram("example_batch_item_size_bytes", "Size of one item.", new NativeHistogramOptions());
    var lastSuccess = metrics.CreateGauge(
        "example_batch_last_success_timestamp_seconds", "When the batch job last finished, in unix seconds.");

    for (var i = 0; i < items; i++)
    {
        var started = Stopwatch.GetTimestamp();
        done.Inc();
        sizes.Observe(1 + ((first + i) * 7919 % 100_000));
        duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    lastSuccess.Set(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"processed {items} items"));
