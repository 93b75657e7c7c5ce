using System.Text;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>
/// A store may hand field names over as the UTF-8 bytes it read (Redis does): the exposition must be exactly the one
/// of the same fields decoded into strings, skipped fields included.
/// </summary>
public sealed class Utf8FieldNameTests
{
    private static StoredFamily[] Tricky() =>
    [
        .. EveryType(),
        .. SeedFamilies(),
        Family(
            "requests",
            Metadata(MetricType.Counter, "requests", "Requests.", "path"),
            ("_total:{\"path\":\"/caf\u00e9/\u2615\"}", 1),
            ("_total:{\"path\":\"/quote\\\"and\\\\back\\nslash\"}", 2),
            ("_total:{\"path\":\"\\u00e9 \\ud83d\\ude00 escaped\"}", 3),
            ("_total:{\"path\":\"/\ud83d\ude00 raw\"}", 4),
            ("_total:{\"path\" : \"not compact\"}", 5),
            ("_total:{\"path\":\"unterminated", 6),
            ("no colon at all", 7),
            ("_t\u00f6tal:{\"path\":\"unknown suffix\"}", 8),
            ("_created:{\"path\":\"/caf\u00e9/\u2615\"}", 1700000000)),
        Family(
            "unknown_mix",
            null,
            ("_a:{\"k\":\"v\"}", 1),
            ("_b:{\"k\":\"v\"}", 2),
            ("_a:{\"k\":\"w\"}", 3),
            ("_" + new string('x', 40) + ":{}", 4)),
    ];

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public async Task Fields_read_as_utf8_bytes_are_written_exactly_as_the_same_fields_read_as_strings(ExpositionFormat format)
    {
        var families = Tricky();

        var asText = await RenderAsync(format, families);
        var asBytes = await RenderAsync(format, [.. families.Select(AsUtf8)]);

        Assert.Equal(asText, asBytes);
        Assert.Contains("caf\u00e9", asBytes, StringComparison.Ordinal);
        Assert.Equal(
            ExpositionSnapshotBuilder.Build(families).Skipped.Entries.Select(e => (e.Family, e.Reason, e.Count)).Order(),
            ExpositionSnapshotBuilder.Build([.. families.Select(AsUtf8)]).Skipped.Entries.Select(e => (e.Family, e.Reason, e.Count)).Order());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_field_name_is_read_as_its_decoded_text_would_be()
    {
        byte[] invalid = [.. "_total:{\"path\":\"/bad"u8, 0xFF, 0xC3, .. "\"}"u8];
        var metadata = Metadata(MetricType.Counter, "requests", "Requests.", "path");
        var asBytes = new StoredFamily("requests", metadata, [new StoredSample(invalid, 1)]);
        var asText = new StoredFamily("requests", metadata, [new StoredSample(Encoding.UTF8.GetString(invalid), 1)]);

        var text = await RenderAsync(ExpositionFormat.PrometheusText, asBytes);

        Assert.Equal(await RenderAsync(ExpositionFormat.PrometheusText, asText), text);
        Assert.Contains("requests_total{path=\"/bad\ufffd\ufffd\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_exemplar_is_found_for_a_field_read_as_utf8_bytes()
    {
        const string subkey = "_total:{\"path\":\"/caf\u00e9\"}";
        var exemplars = new Dictionary<string, Exemplar> { [subkey] = new Exemplar(1, ("trace_id", "abc")) };
        var family = new StoredFamily(
            "requests",
            Metadata(MetricType.Counter, "requests", "Requests.", "path"),
            [new StoredSample(Encoding.UTF8.GetBytes(subkey), 1)],
            null,
            exemplars);

        var text = await RenderAsync(ExpositionFormat.OpenMetrics, family);

        Assert.Contains("requests_total{path=\"/caf\u00e9\"} 1 # {trace_id=\"abc\"} 1", text, StringComparison.Ordinal);
    }

    private static StoredFamily AsUtf8(StoredFamily family) =>
        family with { Samples = [.. family.Samples.Select(s => new StoredSample(Encoding.UTF8.GetBytes(s.Subkey), s.Value))] };
}
