using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class OpenMetricsGoldenTests
{
    [Fact]
    public async Task Counter_is_typed_under_family_name_with_total_and_created_samples()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, Counter());

        Assert.Equal(
            Lines("""
                # TYPE http_requests counter
                # HELP http_requests Requests served.
                http_requests_total{method="GET",code="200"} 5
                http_requests_created{method="GET",code="200"} 1.7000000005e+09
                http_requests_total{method="GET",code="500"} 1
                http_requests_created{method="GET",code="500"} 1.700000001e+09
                http_requests_total{method="POST",code="200"} 2
                http_requests_created{method="POST",code="200"} 1.70000000225e+09
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Gauge_series_are_ordered_by_label_value()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, Gauge());

        Assert.Equal(
            Lines("""
                # TYPE room_temperature_celsius gauge
                # HELP room_temperature_celsius Current temperature.
                room_temperature_celsius{room="attic"} -3.25
                room_temperature_celsius{room="kitchen"} 21.5
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Histogram_with_default_buckets_orders_buckets_numerically_then_count_sum_created()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, DefaultHistogram());

        Assert.Equal(
            Lines("""
                # TYPE request_duration_seconds histogram
                # HELP request_duration_seconds Request duration.
                request_duration_seconds_bucket{route="/a",le="0.005"} 0
                request_duration_seconds_bucket{route="/a",le="0.01"} 0
                request_duration_seconds_bucket{route="/a",le="0.025"} 1
                request_duration_seconds_bucket{route="/a",le="0.05"} 1
                request_duration_seconds_bucket{route="/a",le="0.1"} 2
                request_duration_seconds_bucket{route="/a",le="0.25"} 2
                request_duration_seconds_bucket{route="/a",le="0.5"} 3
                request_duration_seconds_bucket{route="/a",le="1.0"} 3
                request_duration_seconds_bucket{route="/a",le="2.5"} 4
                request_duration_seconds_bucket{route="/a",le="5.0"} 4
                request_duration_seconds_bucket{route="/a",le="10.0"} 4
                request_duration_seconds_bucket{route="/a",le="+Inf"} 4
                request_duration_seconds_count{route="/a"} 4
                request_duration_seconds_sum{route="/a"} 7.125
                request_duration_seconds_created{route="/a"} 1.7e+09
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Histogram_with_custom_buckets_and_no_labels_orders_exponent_bounds_numerically()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, CustomHistogram());

        Assert.Equal(
            Lines("""
                # TYPE payload_bytes histogram
                # HELP payload_bytes Payload size.
                payload_bytes_bucket{le="100.0"} 1
                payload_bytes_bucket{le="1000.0"} 2
                payload_bytes_bucket{le="2.5e+06"} 3
                payload_bytes_bucket{le="1e+07"} 3
                payload_bytes_bucket{le="+Inf"} 4
                payload_bytes_count 4
                payload_bytes_sum 2.5e+07
                payload_bytes_created 1.7e+09
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Summary_writes_count_sum_and_created()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, Summary());

        Assert.Equal(
            Lines("""
                # TYPE job_duration_seconds summary
                # HELP job_duration_seconds Job duration.
                job_duration_seconds_count 3
                job_duration_seconds_sum 4.5
                job_duration_seconds_created 1.7e+09
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Families_without_metadata_get_inferred_types_no_help_and_unknown_for_a_mixture()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, SeedFamilies());

        Assert.Equal(
            Lines("""
                # TYPE seed_batch_seconds summary
                seed_batch_seconds_count 2
                seed_batch_seconds_sum 0.5
                # TYPE seed_jobs counter
                seed_jobs_total{job="a"} 1
                seed_jobs_total{job="b"} 3
                seed_jobs_created{job="b"} 1.7e+09
                # TYPE seed_mixed unknown
                seed_mixed{k="v"} 1
                # TYPE seed_mixed_total unknown
                seed_mixed_total{k="v"} 2
                # TYPE seed_queue_length gauge
                seed_queue_length 7
                # TYPE seed_wait_seconds histogram
                seed_wait_seconds_bucket{le="1.0"} 1
                seed_wait_seconds_bucket{le="+Inf"} 2
                seed_wait_seconds_count 2
                seed_wait_seconds_sum 1.5
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Empty_store_writes_only_the_eof_marker()
    {
        Assert.Equal("# EOF\n", await RenderAsync(ExpositionFormat.OpenMetrics));
    }
}
