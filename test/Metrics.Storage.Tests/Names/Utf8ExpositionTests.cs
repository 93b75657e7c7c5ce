using System.Text;
using Prometheus.Distributed.Exposition;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Names;

/// <summary>
/// UTF-8 names in the exposition: quoted for a scraper that allows UTF-8 (golden text in both formats), escaped for
/// any other, and never two families under one escaped name.
/// </summary>
public sealed class Utf8ExpositionTests
{
    private static MetricsSnapshot Snapshot(NameEscapingScheme defaultEscaping = NameEscapingScheme.Underscores)
    {
        var sink = new CollectorSink(NameValidation.Utf8);
        sink.AddCounter("http.requests_total", "Requests.", "http.method", "code").Add(["GET", "200"], 2);
        sink.AddGauge("room_temperature", "Temperature.", "caf\u00e9 \"name\"").Add(["x"], 21.5);
        sink.AddHistogram("req.duration_seconds", "Duration.", "region")
            .Add(["eu"], [new(0.5, 1), new(double.PositiveInfinity, 2)], 1.25);
        return new MetricsSnapshot(new ExpositionSnapshot([.. sink.Families.Select(f => f.ToSnapshot())], new SkippedEntries()), defaultEscaping);
    }

    private static async Task<string> WriteAsync(MetricsSnapshot snapshot, ExpositionFormat format, NameEscapingScheme escaping)
    {
        using var body = new MemoryStream();
        await snapshot.WriteAsync(body, format, escaping, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    [Fact]
    public async Task Allow_utf8_text_quotes_names_outside_the_legacy_set()
    {
        var text = await WriteAsync(Snapshot(), ExpositionFormat.PrometheusText, NameEscapingScheme.AllowUtf8);

        Assert.Equal(
            Lines("""
                # HELP "http.requests_total" Requests.
                # TYPE "http.requests_total" counter
                {"http.requests_total","http.method"="GET",code="200"} 2
                # HELP room_temperature Temperature.
                # TYPE room_temperature gauge
                room_temperature{"café \"name\""="x"} 21.5
                # HELP "req.duration_seconds" Duration.
                # TYPE "req.duration_seconds" histogram
                {"req.duration_seconds_bucket",region="eu",le="0.5"} 1
                {"req.duration_seconds_bucket",region="eu",le="+Inf"} 2
                {"req.duration_seconds_count",region="eu"} 2
                {"req.duration_seconds_sum",region="eu"} 1.25
                """),
            text);
    }

    [Fact]
    public async Task Allow_utf8_openmetrics_quotes_names_outside_the_legacy_set()
    {
        var text = await WriteAsync(Snapshot(), ExpositionFormat.OpenMetrics, NameEscapingScheme.AllowUtf8);

        Assert.Equal(
            Lines("""
                # TYPE "http.requests" counter
                # HELP "http.requests" Requests.
                {"http.requests_total","http.method"="GET",code="200"} 2
                # TYPE room_temperature gauge
                # HELP room_temperature Temperature.
                room_temperature{"café \"name\""="x"} 21.5
                # TYPE "req.duration_seconds" histogram
                # HELP "req.duration_seconds" Duration.
                {"req.duration_seconds_bucket",region="eu",le="0.5"} 1
                {"req.duration_seconds_bucket",region="eu",le="+Inf"} 2
                {"req.duration_seconds_count",region="eu"} 2
                {"req.duration_seconds_sum",region="eu"} 1.25
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Default_text_escapes_names_with_underscores()
    {
        using var body = new MemoryStream();
        await Snapshot().WriteAsync(body, ExpositionFormat.PrometheusText, TestContext.Current.CancellationToken);

        Assert.Equal(
            Lines("""
                # HELP http_requests_total Requests.
                # TYPE http_requests_total counter
                http_requests_total{http_method="GET",code="200"} 2
                # HELP room_temperature Temperature.
                # TYPE room_temperature gauge
                room_temperature{caf___name_="x"} 21.5
                # HELP req_duration_seconds Duration.
                # TYPE req_duration_seconds histogram
                req_duration_seconds_bucket{region="eu",le="0.5"} 1
                req_duration_seconds_bucket{region="eu",le="+Inf"} 2
                req_duration_seconds_count{region="eu"} 2
                req_duration_seconds_sum{region="eu"} 1.25
                """),
            Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task Values_escaping_as_the_configured_default_encodes_code_points()
    {
        using var body = new MemoryStream();
        await Snapshot(NameEscapingScheme.Values).WriteAsync(body, ExpositionFormat.OpenMetrics, TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(body.ToArray());

        Assert.Contains("# TYPE U__http_2e_requests counter\n", text, StringComparison.Ordinal);
        Assert.Contains("U__http_2e_requests_total{U__http_2e_method=\"GET\",code=\"200\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("room_temperature{U__caf_e9__20__22_name_22_=\"x\"} 21.5\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NameEscapingScheme.Underscores)]
    [InlineData(NameEscapingScheme.Values)]
    [InlineData(NameEscapingScheme.Dots)]
    public async Task Promtool_accepts_escaped_text_without_findings(NameEscapingScheme escaping)
    {
        var promtool = PromtoolRunner.RequirePromtool();
        var text = await WriteAsync(Snapshot(), ExpositionFormat.PrometheusText, escaping);

        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["check", "metrics"],
            stdin => stdin.WriteAsync(Encoding.UTF8.GetBytes(text), TestContext.Current.CancellationToken).AsTask(),
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result + "\n" + text);
    }

    [Fact]
    public async Task Families_that_escape_to_one_name_serve_the_legacy_named_one_and_count_the_other()
    {
        var sink = new CollectorSink(NameValidation.Utf8);
        sink.AddGauge("my.metric", "Dotted.").Add([], 1);
        sink.AddGauge("my_metric", "Legacy.").Add([], 2);
        sink.AddGauge("pair", "Labels clash.", "a.b", "a_b").Add(["1", "2"], 3);
        var snapshot = new MetricsSnapshot(new ExpositionSnapshot([.. sink.Families.Select(f => f.ToSnapshot())], new SkippedEntries()));

        var underscores = await WriteAsync(snapshot, ExpositionFormat.PrometheusText, NameEscapingScheme.Underscores);
        var values = await WriteAsync(snapshot, ExpositionFormat.PrometheusText, NameEscapingScheme.Values);
        var quoted = await WriteAsync(snapshot, ExpositionFormat.PrometheusText, NameEscapingScheme.AllowUtf8);

        Assert.Equal(
            Lines("""
                # HELP my_metric Legacy.
                # TYPE my_metric gauge
                my_metric 2
                """),
            underscores);
        Assert.Equal(2, snapshot.SkippedSamples);
        Assert.Contains("U__my_2e_metric 1\n", values, StringComparison.Ordinal);
        Assert.Contains("pair{U__a_2e_b=\"1\",a_b=\"2\"} 3\n", values, StringComparison.Ordinal);
        Assert.Contains("{\"my.metric\"} 1\n", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_utf8_names_are_served_by_a_reader_in_legacy_mode()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using (var writer = DistributedMetrics.Create(o =>
        {
            o.UseSqlite(path);
            o.NameValidation = NameValidation.Utf8;
        }))
        {
            writer.CreateCounter("jobs.done_total", "Jobs.", "queue.name").WithLabels("q1").Inc(5);
        }

        await using var reader = DistributedMetrics.Create(o => o.UseSqlite(path));
        var snapshot = await reader.CollectAsync(TestContext.Current.CancellationToken);

        Assert.Contains("jobs_done_total{queue_name=\"q1\"} 5\n", await snapshot.ToTextAsync(), StringComparison.Ordinal);
        Assert.Contains(
            "{\"jobs.done_total\",\"queue.name\"=\"q1\"} 5\n",
            await WriteAsync(snapshot, ExpositionFormat.PrometheusText, NameEscapingScheme.AllowUtf8),
            StringComparison.Ordinal);
    }
}
