using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;
using Prometheus.Distributed.Stores.Seed;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class ExpositionEscapingTests
{
    private const string Help = "Path \"C:\\temp\"\nsecond line, caf\u00e9";
    private const string LabelValue = "a\"b\\c\nd caf\u00e9 \U0001F600";

    private static StoredFamily Escaped() => Family(
        "escaped",
        Metadata(MetricType.Gauge, "escaped", Help, "value"),
        (FieldName.Compose(string.Empty, LabelJson.Encode(["value"], [LabelValue])), 1));

    [Fact]
    public async Task Text_format_escapes_backslash_and_newline_in_help_and_also_quote_in_label_values()
    {
        var text = await RenderAsync(ExpositionFormat.PrometheusText, Escaped());

        Assert.Equal(
            "# HELP escaped Path \"C:\\\\temp\"\\nsecond line, caf\u00e9\n"
            + "# TYPE escaped gauge\n"
            + "escaped{value=\"a\\\"b\\\\c\\nd caf\u00e9 \U0001F600\"} 1\n",
            text);
    }

    [Fact]
    public async Task OpenMetrics_escapes_backslash_quote_and_newline_in_help_and_label_values()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, Escaped());

        Assert.Equal(
            "# TYPE escaped gauge\n"
            + "# HELP escaped Path \\\"C:\\\\temp\\\"\\nsecond line, caf\u00e9\n"
            + "escaped{value=\"a\\\"b\\\\c\\nd caf\u00e9 \U0001F600\"} 1\n"
            + "# EOF\n",
            text);
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public async Task Non_ascii_is_written_as_raw_utf8(ExpositionFormat format)
    {
        using var stream = new MemoryStream();
        await ExpositionWriter.WriteAsync(
            ExpositionSnapshotBuilder.Build([Escaped()]), format, stream, TestContext.Current.CancellationToken);

        var bytes = stream.ToArray();
        Assert.Equal(2, Count(bytes, [0xC3, 0xA9]));
        Assert.Equal(1, Count(bytes, [0xF0, 0x9F, 0x98, 0x80]));
        Assert.Equal(0, Count(bytes, "\\u"u8.ToArray()));
    }

    private static int Count(byte[] haystack, byte[] needle)
    {
        var count = 0;
        var rest = haystack.AsSpan();
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            count++;
            rest = rest[(at + needle.Length)..];
        }

        return count;
    }
}
