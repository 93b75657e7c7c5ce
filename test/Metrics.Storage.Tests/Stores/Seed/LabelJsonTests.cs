using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Tests.Stores.Seed;

// Expected JSON comes from python3: json.dumps(labels, sort_keys=True, separators=(",", ":")).
public sealed class LabelJsonTests
{
    public static TheoryData<string[], string[], string> PythonEncodings => new()
    {
        { [], [], "{}" },
        { ["path", "method", "code"], ["/a", "GET", "200"], "{\"code\":\"200\",\"method\":\"GET\",\"path\":\"/a\"}" },
        { ["a"], ["q\"uote\\back\nnl\rcr\ttab\bbs\fff"], "{\"a\":\"q\\\"uote\\\\back\\nnl\\rcr\\ttab\\bbs\\fff\"}" },
        { ["city"], ["Montr\u00e9al"], "{\"city\":\"Montr\\u00e9al\"}" },
        { ["mood"], ["\U0001F600"], "{\"mood\":\"\\ud83d\\ude00\"}" },
        { ["c"], ["\u0000\u0001\u001f"], "{\"c\":\"\\u0000\\u0001\\u001f\"}" },
        { ["d"], ["\u007f~ "], "{\"d\":\"\\u007f~ \"}" },
        { ["a"], [string.Empty], "{\"a\":\"\"}" },
        { ["b", "B", "_a"], ["1", "2", "3"], "{\"B\":\"2\",\"_a\":\"3\",\"b\":\"1\"}" },
    };

    [Theory]
    [MemberData(nameof(PythonEncodings))]
    public void Encode_matches_python_json_dumps_sorted_compact(string[] names, string[] values, string expected)
    {
        Assert.Equal(expected, LabelJson.Encode(names, values));
    }

    [Theory]
    [MemberData(nameof(PythonEncodings))]
    public void Parse_returns_the_encoded_pairs_in_sorted_order(string[] names, string[] values, string json)
    {
        var expected = names.Zip(values, KeyValuePair.Create).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, LabelJson.Parse(json));
    }

    [Fact]
    public void Encode_rejects_names_and_values_of_different_counts()
    {
        Assert.Throws<ArgumentException>(() => LabelJson.Encode(["a", "b"], ["1"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"a\":\"unterminated")]
    [InlineData("{\"a\":{\"nested\":\"x\"}}")]
    [InlineData("{\"a\":[\"x\"]}")]
    [InlineData("{\"a\":\"x\"} trailing")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    public void Parse_reports_text_that_is_not_a_flat_object_as_format_exception(string json)
    {
        Assert.Throws<FormatException>(() => LabelJson.Parse(json));
    }
}
