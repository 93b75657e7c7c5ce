using static Prometheus.Distributed.Tests.Collectors.CollectorTestData;

namespace Prometheus.Distributed.Tests.Collectors;

/// <summary>Each collector family type, byte for byte, in Prometheus text 0.0.4 and OpenMetrics 1.0.0.</summary>
public sealed class CollectorGoldenTests
{
    [Fact]
    public async Task Counter_carries_total_timestamp_and_in_openmetrics_exemplar_and_created()
    {
        static void Collect(CollectorSink sink) => sink.AddCounter("jobs_processed_total", "Jobs processed.", "queue")
            .Add(["fast"], 12, Measured, new Exemplar(1, ("trace_id", "abc")) { Timestamp = Measured }, Started)
            .Add(["slow"], 3);

        Assert.Equal(
            Lines("""
                # HELP jobs_processed_total Jobs processed.
                # TYPE jobs_processed_total counter
                jobs_processed_total{queue="fast"} 12 1700000000250
                jobs_processed_total{queue="slow"} 3
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE jobs_processed counter
                # HELP jobs_processed Jobs processed.
                jobs_processed_total{queue="fast"} 12 1700000000.25 # {trace_id="abc"} 1 1700000000.25
                jobs_processed_created{queue="fast"} 1.6e+09 1700000000.25
                jobs_processed_total{queue="slow"} 3
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }

    [Fact]
    public async Task Gauge_series_keep_the_order_they_were_added_in()
    {
        static void Collect(CollectorSink sink) => sink.AddGauge("queue_depth", "Messages waiting.", "queue")
            .Add(["orders"], 7, Measured)
            .Add(["mails"], 0.5);

        Assert.Equal(
            Lines("""
                # HELP queue_depth Messages waiting.
                # TYPE queue_depth gauge
                queue_depth{queue="orders"} 7 1700000000250
                queue_depth{queue="mails"} 0.5
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE queue_depth gauge
                # HELP queue_depth Messages waiting.
                queue_depth{queue="orders"} 7 1700000000.25
                queue_depth{queue="mails"} 0.5
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }

    [Fact]
    public async Task Histogram_count_is_the_inf_bucket_and_exemplars_follow_buckets_in_openmetrics()
    {
        static void Collect(CollectorSink sink) => sink.AddHistogram("job_duration_seconds", "Job duration.", "queue")
            .Add(["fast"], [new(0.5, 2), new(1, 3, new Exemplar(0.7, ("trace_id", "t1"))), new(double.PositiveInfinity, 4)], 3.5, created: Started);

        Assert.Equal(
            Lines("""
                # HELP job_duration_seconds Job duration.
                # TYPE job_duration_seconds histogram
                job_duration_seconds_bucket{queue="fast",le="0.5"} 2
                job_duration_seconds_bucket{queue="fast",le="1.0"} 3
                job_duration_seconds_bucket{queue="fast",le="+Inf"} 4
                job_duration_seconds_count{queue="fast"} 4
                job_duration_seconds_sum{queue="fast"} 3.5
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE job_duration_seconds histogram
                # HELP job_duration_seconds Job duration.
                job_duration_seconds_bucket{queue="fast",le="0.5"} 2
                job_duration_seconds_bucket{queue="fast",le="1.0"} 3 # {trace_id="t1"} 0.7
                job_duration_seconds_bucket{queue="fast",le="+Inf"} 4
                job_duration_seconds_count{queue="fast"} 4
                job_duration_seconds_sum{queue="fast"} 3.5
                job_duration_seconds_created{queue="fast"} 1.6e+09
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }

    [Fact]
    public async Task Summary_writes_count_and_sum_with_their_timestamp()
    {
        static void Collect(CollectorSink sink) => sink.AddSummary("rpc_seconds", "RPC time.").Add([], 10, 2.5, Measured);

        Assert.Equal(
            Lines("""
                # HELP rpc_seconds RPC time.
                # TYPE rpc_seconds summary
                rpc_seconds_count 10 1700000000250
                rpc_seconds_sum 2.5 1700000000250
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE rpc_seconds summary
                # HELP rpc_seconds RPC time.
                rpc_seconds_count 10 1700000000.25
                rpc_seconds_sum 2.5 1700000000.25
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }

    [Fact]
    public async Task Info_is_a_gauge_named_info_in_text_and_an_info_family_in_openmetrics()
    {
        static void Collect(CollectorSink sink) => sink.AddInfo("build_info", "Build details.", "service")
            .Add(["shop"], new Dictionary<string, string> { ["version"] = "1.4.2", ["commit"] = "a\"b" });

        Assert.Equal(
            Lines("""
                # HELP build_info Build details.
                # TYPE build_info gauge
                build_info{service="shop",version="1.4.2",commit="a\"b"} 1
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE build info
                # HELP build Build details.
                build_info{service="shop",version="1.4.2",commit="a\"b"} 1
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }

    [Fact]
    public async Task State_set_is_a_gauge_with_one_series_per_state_labelled_by_the_family_name()
    {
        static void Collect(CollectorSink sink) => sink.AddStateSet("breaker", "Circuit breaker state.", "service")
            .Add(["billing"], new Dictionary<string, bool> { ["closed"] = false, ["open"] = true });

        Assert.Equal(
            Lines("""
                # HELP breaker Circuit breaker state.
                # TYPE breaker gauge
                breaker{service="billing",breaker="closed"} 0
                breaker{service="billing",breaker="open"} 1
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE breaker stateset
                # HELP breaker Circuit breaker state.
                breaker{service="billing",breaker="closed"} 0
                breaker{service="billing",breaker="open"} 1
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }

    [Fact]
    public async Task Gauge_histogram_is_a_histogram_plus_gcount_and_gsum_gauges_in_text_like_the_python_client()
    {
        static void Collect(CollectorSink sink) => sink.AddGaugeHistogram("queue_item_age_seconds", "Age of waiting items.")
            .Add([], [new(1, 5), new(10, 8), new(double.PositiveInfinity, 9)], 42.5);

        Assert.Equal(
            Lines("""
                # HELP queue_item_age_seconds Age of waiting items.
                # TYPE queue_item_age_seconds histogram
                queue_item_age_seconds_bucket{le="1.0"} 5
                queue_item_age_seconds_bucket{le="10.0"} 8
                queue_item_age_seconds_bucket{le="+Inf"} 9
                # HELP queue_item_age_seconds_gcount Age of waiting items.
                # TYPE queue_item_age_seconds_gcount gauge
                queue_item_age_seconds_gcount 9
                # HELP queue_item_age_seconds_gsum Age of waiting items.
                # TYPE queue_item_age_seconds_gsum gauge
                queue_item_age_seconds_gsum 42.5
                """),
            await RenderAsync(ExpositionFormat.PrometheusText, Collect));
        Assert.Equal(
            Lines("""
                # TYPE queue_item_age_seconds gaugehistogram
                # HELP queue_item_age_seconds Age of waiting items.
                queue_item_age_seconds_bucket{le="1.0"} 5
                queue_item_age_seconds_bucket{le="10.0"} 8
                queue_item_age_seconds_bucket{le="+Inf"} 9
                queue_item_age_seconds_gcount 9
                queue_item_age_seconds_gsum 42.5
                # EOF
                """),
            await RenderAsync(ExpositionFormat.OpenMetrics, Collect));
    }
}
