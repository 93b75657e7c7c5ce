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
    public void Skipped_fields_are_counted_by_family_and_reason()
    {
        var snapshot = ExpositionSnapshotBuilder.Build(Damaged());

        Assert.Equal(
            [
                ("bad\ud800name", SkipReason.UnparsableField, 2L),
                ("latency", SkipReason.ReservedLabel, 1L),
                ("latency", SkipReason.BadHistogram, 3L),
                ("requests", SkipReason.UnparsableField, 8L),
            ],
            snapshot.Skipped.Entries.Select(e => (e.Family, e.Reason, e.Count)).Order());
        Assert.Equal(14, snapshot.Skipped.Total);
    }

    [Fact]
    public async Task Reserved_and_undeclared_label_names_leave_their_series_out()
    {
        StoredFamily[] families =
        [
            Family(
                "work",
                Metadata(MetricType.Counter, "work", "Work.", "kind"),
                ("_total:{\"kind\":\"a\"}", 1),
                ("_total:{\"__name__\":\"evil\",\"kind\":\"q\"}", 2),
                ("_total:{\"kind\":\"b\",\"other\":\"x\"}", 3)),
            Family(
                "sizes",
                Metadata(MetricType.Summary, "sizes", "Sizes.", "kind"),
                ("_count:{\"kind\":\"a\"}", 1),
                ("_count:{\"kind\":\"b\",\"quantile\":\"0.5\"}", 1)),
            Family("seed_only", null, (":{\"__meta\":\"x\"}", 1), (":{\"any\":\"label\"}", 2)),
        ];

        var snapshot = ExpositionSnapshotBuilder.Build(families);
        var text = await RenderAsync(ExpositionFormat.PrometheusText, families);

        Assert.Equal(
            Lines("""
                # TYPE seed_only gauge
                seed_only{any="label"} 2
                # HELP sizes Sizes.
                # TYPE sizes summary
                sizes_count{kind="a"} 1
                # HELP work_total Work.
                # TYPE work_total counter
                work_total{kind="a"} 1
                """),
            text);
        Assert.Equal(
            [
                ("seed_only", SkipReason.ReservedLabel, 1L),
                ("sizes", SkipReason.ReservedLabel, 1L),
                ("work", SkipReason.ReservedLabel, 1L),
                ("work", SkipReason.UndeclaredLabel, 1L),
            ],
            snapshot.Skipped.Entries.Select(e => (e.Family, e.Reason, e.Count)).Order());
    }

    [Fact]
    public async Task Inconsistent_histogram_series_are_left_out_whole_and_unreadable_buckets_alone()
    {
        var families = Family(
            "latency",
            Metadata(MetricType.Histogram, "latency", "Latency.", "s"),
            ("_bucket:{\"le\":\"1.0\",\"s\":\"ok\"}", 1),
            ("_bucket:{\"le\":\"+Inf\",\"s\":\"ok\"}", 2),
            ("_count:{\"s\":\"ok\"}", 2),
            ("_bucket:{\"le\":\"0.005\",\"s\":\"decreasing\"}", 9),
            ("_bucket:{\"le\":\"+Inf\",\"s\":\"decreasing\"}", 2),
            ("_count:{\"s\":\"no_buckets\"}", 2),
            ("_sum:{\"s\":\"no_buckets\"}", 2),
            ("_bucket:{\"le\":\"1.0\",\"s\":\"no_inf\"}", 1),
            ("_bucket:{\"le\":\"+Inf\",\"s\":\"count_differs\"}", 2),
            ("_count:{\"s\":\"count_differs\"}", 3),
            ("_bucket:{\"le\":\"+Inf\",\"s\":\"negative\"}", -1),
            ("_bucket:{\"le\":\"1e400\",\"s\":\"overflowing_le\"}", 1),
            ("_bucket:{\"le\":\"+Inf\",\"s\":\"overflowing_le\"}", 1));

        var snapshot = ExpositionSnapshotBuilder.Build([families]);
        var text = await RenderAsync(ExpositionFormat.PrometheusText, families);

        Assert.Equal(
            Lines("""
                # HELP latency Latency.
                # TYPE latency histogram
                latency_bucket{s="ok",le="1.0"} 1
                latency_bucket{s="ok",le="+Inf"} 2
                latency_count{s="ok"} 2
                latency_bucket{s="overflowing_le",le="+Inf"} 1
                """),
            text);
        Assert.Equal(2 + 2 + 1 + 2 + 1 + 1, snapshot.Skipped.Count(SkipReason.BadHistogram));
    }

    [Fact]
    public async Task Garbage_glued_to_a_suffix_non_string_label_values_and_repeated_samples_are_left_out()
    {
        var families = Family(
            "work",
            null,
            ("_total:{\"kind\":\"a\"}", 1),
            ("_total:{\"kind\":\"\\u0061\"}", 5),
            ("_totalvalue:{}", 2),
            ("value:{}", 3),
            ("_total:{\"kind\":7}", 4));

        var snapshot = ExpositionSnapshotBuilder.Build([families]);
        var text = await RenderAsync(ExpositionFormat.PrometheusText, families);

        Assert.Equal(
            Lines("""
                # TYPE work_total counter
                work_total{kind="a"} 1
                """),
            text);
        Assert.Equal(4, snapshot.Skipped.Count(SkipReason.UnparsableField));
    }

    [Fact]
    public async Task A_label_with_an_empty_value_is_no_label_so_the_second_spelling_of_a_series_is_left_out()
    {
        var families = Family(
            "bad_name_total",
            null,
            (":{}", 0.5),
            (":{\"a_b\":\"\"}", -1),
            (":{\"kind\":\"x\",\"z\":\"\"}", 2),
            (":{\"kind\":\"x\"}", 3));

        var snapshot = ExpositionSnapshotBuilder.Build([families]);
        var text = await RenderAsync(ExpositionFormat.PrometheusText, families);

        Assert.Equal(
            Lines("""
                # TYPE bad_name_total gauge
                bad_name_total 0.5
                bad_name_total{kind="x",z=""} 2
                """),
            text);
        Assert.Equal(2, snapshot.Skipped.Count(SkipReason.UnparsableField));
    }

    [Fact]
    public async Task A_family_whose_sample_names_a_declared_family_writes_is_left_out()
    {
        StoredFamily[] families =
        [
            Family("jobs_total", null, (":{}", 9)),
            Family("jobs", Metadata(MetricType.Counter, "jobs", "Jobs."), ("_total:{}", 1)),
        ];

        var snapshot = ExpositionSnapshotBuilder.Build(families);
        var text = await RenderAsync(ExpositionFormat.PrometheusText, families);

        Assert.Equal(
            Lines("""
                # HELP jobs_total Jobs.
                # TYPE jobs_total counter
                jobs_total 1
                """),
            text);
        Assert.Equal([("jobs_total", SkipReason.NameClash, 1L)], snapshot.Skipped.Entries.Select(e => (e.Family, e.Reason, e.Count)));
    }

    [Fact]
    public void Intact_families_skip_nothing()
    {
        var snapshot = ExpositionSnapshotBuilder.Build([.. EveryType(), .. SeedFamilies()]);

        Assert.Equal(0, snapshot.Skipped.Total);
    }
}
