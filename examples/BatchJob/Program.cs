using System.Diagnostics;
using System.Globalization;
using BatchJob;
using Microsoft.Extensions.Configuration;
using Prometheus.Distributed;

// A short-lived job: counts and times its items, records their sizes in a native histogram and in a summary with
// quantiles (p50, p90, p99 of every job's items over the last 10 minutes), and when it last succeeded, flushes and
// exits. Item n (counting from --first, default 0) has size ItemSizes.Of(--sizes, n): by default ("uniform")
// 1 + (n * 7919) % 100000 bytes; "lognormal" and "bimodal" are the other distributions.
// Usage: BatchJob --items 1000 [--first 0] [--sizes uniform|lognormal|bimodal]
//                 [--DistributedMetrics:Sqlite=metrics.db | --DistributedMetrics:Redis=host:port]
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

var items = configuration.GetValue("items", 100);
var first = configuration.GetValue("first", 0L);
var distribution = configuration.GetValue("sizes", "uniform")!;
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
    var sizeQuantiles = metrics.CreateSummary(
        "example_batch_item_bytes", "Size of one item: quantiles over the last 10 minutes of every job.", [0.5, 0.9, 0.99]);
    var lastSuccess = metrics.CreateGauge(
        "example_batch_last_success_timestamp_seconds", "When the batch job last finished, in unix seconds.");

    for (var i = 0; i < items; i++)
    {
        var started = Stopwatch.GetTimestamp();
        done.Inc();
        var size = ItemSizes.Of(distribution, first + i);
        sizes.Observe(size);
        sizeQuantiles.Observe(size);
        duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    lastSuccess.Set(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"processed {items} items"));
