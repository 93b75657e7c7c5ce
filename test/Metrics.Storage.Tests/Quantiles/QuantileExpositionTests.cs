using System.Globalization;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Exposition.Protobuf;
using Prometheus.Distributed.Text;
using NativeSchema = Prometheus.Distributed.Metrics.NativeSchema;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Quantiles;

/// <summary>
/// A summary with quantiles is written with one <c>{quantile="q"}</c> sample per declared quantile before its
/// <c>_count</c> and <c>_sum</c>, in the text format, OpenMetrics and protobuf: read from the slots in the window only,
/// NaN for a series with nothing in the window.
/// </summary>
public sealed class QuantileExpositionTests
{
    // The midpoints of the schema-6 buckets holding 1.0 (bucket 0, whose upper bound it is) and 100.
    private static readonly string One = FloatFormatter.FormatGo(Midpoint(1.0));
    private static readonly string Hundred = FloatFormatter.FormatGo(Midpoint(100));

    [Fact]
    public async Task Text_format_writes_the_quantiles_of_the_window_before_count_and_sum()
    {
        var text = await RenderAsync(ExpositionFormat.PrometheusText, QuantileSummary());

        Assert.Equal(
            Lines($$"""
                # HELP job_size_bytes Job sizes.
                # TYPE job_size_bytes summary
                job_size_bytes{job="a",quantile="0.5"} {{One}}
                job_size_bytes{job="a",quantile="0.99"} {{Hundred}}
                job_size_bytes_count{job="a"} 5
                job_size_bytes_sum{job="a"} 1.000103e+06
                job_size_bytes{job="b",quantile="0.5"} NaN
                job_size_bytes{job="b",quantile="0.99"} NaN
                job_size_bytes_count{job="b"} 2
                job_size_bytes_sum{job="b"} 7
                """),
            text);
    }

    [Fact]
    public async Task OpenMetrics_writes_the_quantiles_before_count_sum_and_created()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, QuantileSummary());

        Assert.Equal(
            Lines($$"""
                # TYPE job_size_bytes summary
                # HELP job_size_bytes Job sizes.
                job_size_bytes{job="a",quantile="0.5"} {{One}}
                job_size_bytes{job="a",quantile="0.99"} {{Hundred}}
                job_size_bytes_count{job="a"} 5
                job_size_bytes_sum{job="a"} 1.000103e+06
                job_size_bytes_created{job="a"} 1.7e+09
                job_size_bytes{job="b",quantile="0.5"} NaN
                job_size_bytes{job="b",quantile="0.99"} NaN
                job_size_bytes_count{job="b"} 2
                job_size_bytes_sum{job="b"} 7
                job_size_bytes_created{job="b"} 1.7e+09
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Protobuf_carries_the_quantiles_in_the_summary_message()
    {
        using var stream = new MemoryStream();
        await ExpositionWriter.WriteAsync([QuantileSummary()], ExpositionFormat.Protobuf, stream, TestContext.Current.CancellationToken);
        stream.Position = 0;

        var family = MetricFamily.Parser.ParseDelimitedFrom(stream);

        Assert.Equal(MetricType.Summary, family.Type);
        var a = family.Metric[0].Summary;
        Assert.Equal([0.5, 0.99], a.Quantile.Select(q => q.Quantile_));
        Assert.Equal([double.Parse(One, CultureInfo.InvariantCulture), double.Parse(Hundred, CultureInfo.InvariantCulture)], a.Quantile.Select(q => q.Value));
        Assert.Equal(5UL, a.SampleCount);
        Assert.All(family.Metric[1].Summary.Quantile, q => Assert.True(double.IsNaN(q.Value)));
    }

    /// <summary>The midpoint <c>l·2b/(1+b)</c> of the schema-6 bucket (factor <c>b</c>) that holds <paramref name="value"/>.</summary>
    private static double Midpoint(double value)
    {
        var factor = Math.Pow(2, 1.0 / 64);
        return NativeSchema.UpperBound(NativeSchema.Key(value, 6) - 1, 6) * (2 * factor / (1 + factor));
    }

    [Fact]
    public void Snapshot_reads_a_quantile_by_its_label()
    {
        var snapshot = new MetricsSnapshot(ExpositionSnapshotBuilder.Build([QuantileSummary()]));

        Assert.Equal(double.Parse(Hundred, CultureInfo.InvariantCulture), snapshot.GetValue("job_size_bytes", ("job", "a"), ("quantile", "0.99")));
        Assert.Null(snapshot.GetValue("job_size_bytes", ("job", "a"), ("quantile", "0.9")));
    }
}
