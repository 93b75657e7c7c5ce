using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class ExpositionOrderTests
{
    [Fact]
    public async Task Buckets_stored_in_byte_order_are_written_in_numeric_order_before_count_and_sum()
    {
        var family = Family(
            "h",
            null,
            ("_sum:{}", 3),
            ("_count:{}", 2),
            ("_bucket:{\"le\":\"+Inf\"}", 2),
            ("_bucket:{\"le\":\"10.0\"}", 2),
            ("_bucket:{\"le\":\"2.5\"}", 1),
            ("_bucket:{\"le\":\"1.0\"}", 1),
            ("_bucket:{\"le\":\"0.5\"}", 0));

        var text = await RenderAsync(ExpositionFormat.PrometheusText, family);

        Assert.Equal(
            Lines("""
                # TYPE h histogram
                h_bucket{le="0.5"} 0
                h_bucket{le="1.0"} 1
                h_bucket{le="2.5"} 1
                h_bucket{le="10.0"} 2
                h_bucket{le="+Inf"} 2
                h_count 2
                h_sum 3
                """),
            text);
    }

    [Fact]
    public async Task Families_are_ordered_by_name_ordinal()
    {
        var text = await RenderAsync(
            ExpositionFormat.PrometheusText,
            Family("beta", null, (":{}", 1)),
            Family("alpha", null, (":{}", 2)),
            Family("Alpha", null, (":{}", 3)));

        Assert.Equal(
            Lines("""
                # TYPE Alpha gauge
                Alpha 3
                # TYPE alpha gauge
                alpha 2
                # TYPE beta gauge
                beta 1
                """),
            text);
    }

    [Fact]
    public async Task Histogram_labels_follow_declared_order_with_le_last()
    {
        var family = Family(
            "h",
            new MetricMetadata(MetricType.Histogram, "h", "H.", ["zone", "app"], [1]),
            ("_bucket:{\"app\":\"x\",\"le\":\"1.0\",\"zone\":\"eu\"}", 1),
            ("_bucket:{\"app\":\"x\",\"le\":\"+Inf\",\"zone\":\"eu\"}", 1),
            ("_count:{\"app\":\"x\",\"zone\":\"eu\"}", 1),
            ("_sum:{\"app\":\"x\",\"zone\":\"eu\"}", 0.5));

        var text = await RenderAsync(ExpositionFormat.PrometheusText, family);

        Assert.Equal(
            Lines("""
                # HELP h H.
                # TYPE h histogram
                h_bucket{zone="eu",app="x",le="1.0"} 1
                h_bucket{zone="eu",app="x",le="+Inf"} 1
                h_count{zone="eu",app="x"} 1
                h_sum{zone="eu",app="x"} 0.5
                """),
            text);
    }

    [Fact]
    public async Task Information_keys_follow_declared_labels_in_stored_order()
    {
        var family = Family(
            "build",
            Metadata(MetricType.Info, "build", "Build.", "b"),
            ("_info:{\"a\":\"1\",\"b\":\"2\",\"version\":\"i\"}", 1));

        var text = await RenderAsync(ExpositionFormat.PrometheusText, family);

        Assert.EndsWith("\nbuild_info{b=\"2\",a=\"1\",version=\"i\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_are_ordered_by_label_values_in_output_order()
    {
        var family = Family(
            "g",
            Metadata(MetricType.Gauge, "g", "G.", "z", "a"),
            (":{\"a\":\"1\",\"z\":\"b\"}", 1),
            (":{\"a\":\"2\",\"z\":\"a\"}", 2),
            (":{\"a\":\"1\",\"z\":\"a\"}", 3),
            (":{\"a\":\"1\",\"z\":\"B\"}", 4));

        var text = await RenderAsync(ExpositionFormat.PrometheusText, family);

        Assert.Equal(
            Lines("""
                # HELP g G.
                # TYPE g gauge
                g{z="B",a="1"} 4
                g{z="a",a="1"} 3
                g{z="a",a="2"} 2
                g{z="b",a="1"} 1
                """),
            text);
    }
}
