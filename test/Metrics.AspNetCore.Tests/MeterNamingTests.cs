using Prometheus.Distributed.AspNetCore.Meters;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>Prometheus names of System.Diagnostics.Metrics instruments and tag keys.</summary>
public sealed class MeterNamingTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds")]
    [InlineData("db.query.time", "ms", "Histogram", "db_query_time_milliseconds")]
    [InlineData("process.memory", "By", "Gauge", "process_memory_bytes")]
    [InlineData("http.server.active_requests", "{request}", "UpDownCounter", "http_server_active_requests")]
    [InlineData("orders.placed", "{order}", "Counter", "orders_placed_total")]
    [InlineData("orders.placed.total", null, "Counter", "orders_placed_total")]
    [InlineData("cpu.time", "s", "ObservableCounter", "cpu_time_seconds_total")]
    [InlineData("cpu.time_seconds", "s", "ObservableCounter", "cpu_time_seconds_total")]
    [InlineData("cache.hit", "1", "Gauge", "cache_hit_ratio")]
    [InlineData("cache.hits", "1", "Counter", "cache_hits_total")]
    [InlineData("disk.read", "By/s", "Gauge", "disk_read_bytes_per_second")]
    [InlineData("queue-depth/now", "", "ObservableUpDownCounter", "queue_depth_now")]
    [InlineData("2xx.responses", null, "Counter", "_2xx_responses_total")]
    [InlineData("kestrel.connection.duration", "s", "Histogram", "kestrel_connection_duration_seconds")]
    public void Instrument_names_become_prometheus_names_with_unit_and_total_suffixes(
        string instrument, string? unit, string kind, string expected) =>
        Assert.Equal(expected, PrometheusNames.Metric(instrument, unit, Enum.Parse<InstrumentKind>(kind)));

    [Theory]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("route", "route")]
    [InlineData("a:b-c", "a_b_c")]
    [InlineData("1st", "_1st")]
    public void Tag_keys_become_label_names(string key, string expected) =>
        Assert.Equal(expected, PrometheusNames.Label(key));
}
