using System.Diagnostics;
using Prometheus;

// The peer configuration of bench/http.sh: examples/WebApi's GET /work/{kind} and /metrics with prometheus-net 8 in
// place of this library, in memory and per process as prometheus-net keeps them. The request metrics are
// UseHttpMetrics() given the labels UseDistributedHttpMetrics uses (status code, method, route template; in progress
// by method and route template), and the handler counts, times and gauges its work as the example does.
// prometheus-net's default metrics are off: its meter adapter would make ASP.NET Core record its hosting meters, which
// the example's compared configuration ("HTTP metrics") leaves out too.
Metrics.SuppressDefaultMetrics();

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

string[] requestLabels = ["method", "endpoint"];
string[] answerLabels = ["code", .. requestLabels];
app.UseHttpMetrics(o =>
{
    o.RequestCount.Counter = Metrics.CreateCounter("http_requests_received_total", "HTTP requests answered.", answerLabels);
    o.RequestDuration.Histogram = Metrics.CreateHistogram(
        "http_request_duration_seconds", "Time to answer an HTTP request, in seconds.", answerLabels);
    o.InProgress.Gauge = Metrics.CreateGauge("http_requests_in_progress", "HTTP requests being answered now.", requestLabels);
});

var work = Metrics.CreateCounter("example_work_total", "Work items done.", "kind");
var duration = Metrics.CreateHistogram("example_work_duration_seconds", "Time spent on one work item.", "kind");
var inFlight = Metrics.CreateGauge("example_work_in_flight", "Work requests being served now.");

app.MapGet("/work/{kind}", (string kind) =>
{
    var started = Stopwatch.GetTimestamp();
    using (inFlight.TrackInProgress())
    {
        work.WithLabels(kind).Inc();
        var answer = Results.Text($"did {kind}\n");
        duration.WithLabels(kind).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return answer;
    }
});

app.MapMetrics("/metrics");

app.Run();
