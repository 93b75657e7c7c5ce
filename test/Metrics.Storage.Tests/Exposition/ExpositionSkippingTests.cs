using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class ExpositionSkippingTests
{
    private static StoredFamily[] Damaged() =>
    [
        Family(
            "requests",
            Metadata(MetricType.Counter, "requests", "Requests.", "a"),
            ("_total:{\"a\":\"ok\"}", 1),
            ("no colon at all", 2),
            ("_total:{\"a\":\"unterminated", 3),
            ("_total:{\"a\":[\"array\"]}", 4),
            ("_total:{\"\\udc00\":\"lone surrogate in a label name\"}", 5),
            ("_total:{\"a\":\"x\",\"a\":\"duplicate\"}", 6),
            ("_total:{\"a\":\"\\ud800 lone surrogate\"}", 7),
            ("_created:{\"a\":\"only created\"}", 8),
            (":{\"a\":\"gauge field in a counter\"}", 9)),
        Family(
            "latency",
            null,
            ("_bucket:{\"le\":\"+Inf\"}", 1),
            ("_bucket:{\"le\":\"abc\"}", 1),
            ("_bucket:{\"le\":\"NaN\"}", 1),
            ("_bucket:{}", 1),
            ("_count:{\"le\":\"1.0\"}", 1),
            ("_count:{}", 1),
            ("_sum:{}", 1)),
        Family("bad\ud800name", null, (":{}", 1), (":{\"a\":\"b\"}", 2)),
    ];

    [Fact]
    public async Task Unparsable_fields_are_left_out_and_the_rest_is_written()
    {
        var text = await RenderAsync(ExpositionFormat.PrometheusText, Damaged());

        Assert.Equal(
            Lines("""
                # TYPE latency histogram
                latency_bucket{le="+Inf"} 1
                latency_count 1
                latency_sum 1
                # HELP requests_total Requests.
                # TYPE requests_total counter
                requests_total{a="ok"} 1
                """),
            text);
    }

    [Fact]
    public void Skipped_fields_are_counted()
    {
        var snapshot = ExpositionSnapshotBuilder.Build(Damaged());

        Assert.Equal(8 + 4 + 2, snapshot.SkippedSamples);
    }

    [Fact]
    public void Intact_families_skip_nothing()
    {
        var snapshot = ExpositionSnapshotBuilder.Build([.. EveryType(), .. SeedFamilies()]);

        Assert.Equal(0, snapshot.SkippedSamples);
    }
}
