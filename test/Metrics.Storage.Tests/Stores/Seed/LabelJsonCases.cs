using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Tests.Stores.Seed;

/// <summary>
/// Labels JSON as stores hold it, accepted and rejected: <see cref="LabelJson"/> and the read side's series index, the
/// two readers of stored labels, are held to the same cases.
/// </summary>
public static class LabelJsonCases
{
    /// <summary>Valid labels JSON: escapes, surrogate pairs, raw UTF-8, whitespace, an empty value.</summary>
    public static TheoryData<string> Accepted() =>
    [
        "{}",
        "{\"code\":\"200\",\"method\":\"GET\"}",
        "{\"a\":\"q\\\"uote\\\\back\\nnl\\rcr\\ttab\\bbs\\fff\\/slash\"}",
        "{\"city\":\"Montr\\u00e9al\",\"mood\":\"\\ud83d\\ude00\"}",
        "{\"c\":\"\\u0000\\u0001\\u001f\\u007f\"}",
        "{\"raw\":\"caf\u00e9 \U0001F600\"}",
        "{ \"spaced\" : \"value\" }",
        "{\"a\":\"\"}",
    ];

    /// <summary>Text that is not an object of string values: truncated, nested, lone surrogates, bad escapes, trailing data.</summary>
    public static TheoryData<string> Rejected() =>
    [
        "",
        "{",
        "[]",
        "{\"a\":\"unterminated}",
        "{\"a\":\"x\"",
        "{\"a\":\"x\",}",
        "{\"a\":[\"x\"]}",
        "{\"a\":{\"b\":\"c\"}}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\"}",
        "{\"a\":\"\\ud83d\\u0041\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"raw\ncontrol\"}",
        "{\"a\":\"x\"}{}",
        "{\"number\":1.5}",
        "{\"flag\":true}",
        "{\"none\":null}",
    ];

    /// <summary>
    /// 2 000 random values (quotes, backslashes, controls, non-ASCII, a surrogate pair now and then) with the labels JSON
    /// of <c>{k: value, a: "fixed"}</c> as the seed encodes it.
    /// </summary>
    public static IEnumerable<(string Value, string Json)> RandomValues()
    {
        var random = new Random(7);
        char[] alphabet = ['a', 'Z', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u00e9', '\u20ac', ' ', ':', ',', '{', '}'];
        for (var i = 0; i < 2_000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])])
                + (random.Next(4) == 0 ? "\U0001F600" : string.Empty);
            yield return (value, LabelJson.Encode(["k", "a"], [value, "fixed"]));
        }
    }
}
