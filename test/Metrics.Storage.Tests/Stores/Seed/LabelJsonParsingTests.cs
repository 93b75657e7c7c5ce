using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Tests.Stores.Seed;

public sealed class LabelJsonParsingTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"code\":\"200\",\"method\":\"GET\"}")]
    [InlineData("{\"a\":\"q\\\"uote\\\\back\\nnl\\rcr\\ttab\\bbs\\fff\\/slash\"}")]
    [InlineData("{\"city\":\"Montr\\u00e9al\",\"mood\":\"\\ud83d\\ude00\"}")]
    [InlineData("{\"c\":\"\\u0000\\u0001\\u001f\\u007f\"}")]
    [InlineData("{\"raw\":\"caf\u00e9 \U0001F600\"}")]
    [InlineData("{ \"spaced\" : \"value\" }")]
    [InlineData("{\"a\":\"\"}")]
    public void TryParse_gives_the_pairs_Parse_gives(string json)
    {
        var pairs = new List<KeyValuePair<string, string>>();

        Assert.True(LabelJson.TryParse(json, pairs));
        Assert.Equal(LabelJson.Parse(json), pairs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"a\":\"unterminated}")]
    [InlineData("{\"a\":\"x\"")]
    [InlineData("{\"a\":\"x\",}")]
    [InlineData("{\"a\":[\"x\"]}")]
    [InlineData("{\"a\":{\"b\":\"c\"}}")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"a\":\"\\udc00\"}")]
    [InlineData("{\"a\":\"\\ud83d\\u0041\"}")]
    [InlineData("{\"a\":\"\\x\"}")]
    [InlineData("{\"a\":\"\\u12\"}")]
    [InlineData("{\"a\":\"raw\ncontrol\"}")]
    [InlineData("{\"a\":\"x\"}{}")]
    [InlineData("{\"number\":1.5}")]
    [InlineData("{\"flag\":true}")]
    [InlineData("{\"none\":null}")]
    public void TryParse_rejects_what_Parse_rejects(string json)
    {
        Assert.Throws<FormatException>(() => LabelJson.Parse(json));
        Assert.False(LabelJson.TryParse(json, []));
    }

    [Fact]
    public void Round_trips_random_values_encoded_like_the_seed()
    {
        var random = new Random(7);
        var pairs = new List<KeyValuePair<string, string>>();
        char[] alphabet = ['a', 'Z', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u00e9', '\u20ac', ' ', ':', ',', '{', '}'];
        for (var i = 0; i < 2_000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])])
                + (random.Next(4) == 0 ? "\U0001F600" : string.Empty);
            var json = LabelJson.Encode(["k", "a"], [value, "fixed"]);

            Assert.True(LabelJson.TryParse(json, pairs), json);
            Assert.Equal([new("a", "fixed"), new("k", value)], pairs);
        }
    }
}
