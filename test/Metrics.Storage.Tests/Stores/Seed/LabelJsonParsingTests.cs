using System.Text;
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
    public void Text_and_utf8_with_a_string_table_give_the_pairs_Parse_gives(string json)
    {
        var pairs = new List<KeyValuePair<string, string>>();

        Assert.True(LabelJson.TryParse(json, NewStrings(), pairs));
        Assert.Equal(LabelJson.Parse(json), pairs);
        Assert.True(LabelJson.TryParse(Encoding.UTF8.GetBytes(json), NewStrings(), pairs));
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
    public void Rejects_in_every_form_what_Parse_rejects(string json)
    {
        Assert.Throws<FormatException>(() => LabelJson.Parse(json));
        Assert.False(LabelJson.TryParse(json, NewStrings(), []));
        Assert.False(LabelJson.TryParse(Encoding.UTF8.GetBytes(json), NewStrings(), []));
    }

    [Fact]
    public void Round_trips_random_values_encoded_like_the_seed()
    {
        var random = new Random(7);
        var strings = NewStrings();
        var pairs = new List<KeyValuePair<string, string>>();
        char[] alphabet = ['a', 'Z', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u00e9', '\u20ac', ' ', ':', ',', '{', '}'];
        for (var i = 0; i < 2_000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])])
                + (random.Next(4) == 0 ? "\U0001F600" : string.Empty);
            var json = LabelJson.Encode(["k", "a"], [value, "fixed"]);

            Assert.True(LabelJson.TryParse(json, strings, pairs), json);
            Assert.Equal([new("a", "fixed"), new("k", value)], pairs);
        }
    }

    [Fact]
    public void A_repeated_text_comes_back_as_one_string()
    {
        var strings = NewStrings();
        var first = new List<KeyValuePair<string, string>>();
        var second = new List<KeyValuePair<string, string>>();

        Assert.True(LabelJson.TryParse("{\"method\":\"GET\"}"u8, strings, first));
        Assert.True(LabelJson.TryParse("{\"method\":\"G\\u0045T\"}", strings, second));

        Assert.Same(first[0].Key, second[0].Key);
        Assert.Same(first[0].Value, second[0].Value);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_read_as_replacement_characters()
    {
        var pairs = new List<KeyValuePair<string, string>>();

        Assert.True(LabelJson.TryParse([.. "{\"a\":\"x"u8, 0xff, .. "\"}"u8], NewStrings(), pairs));
        Assert.Equal([new("a", "x\ufffd")], pairs);
    }

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NewStrings() =>
        new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
}
