using System.Text;
using System.Text.Json;

namespace Prometheus.Distributed.Stores.Seed;

/// <summary>
/// Label sets as the seed stores them: Python's <c>json.dumps(labels, sort_keys=True, separators=(",", ":"))</c>,
/// byte for byte, so .NET and Python writers name the same series with the same field.
/// </summary>
internal static class LabelJson
{
    /// <summary>The JSON of an empty label set.</summary>
    public const string Empty = "{}";

    /// <summary>Encodes names and values (same length) with keys sorted by code point.</summary>
    public static string Encode(IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        if (names.Count != values.Count)
        {
            throw new ArgumentException("Label names and values differ in count.", nameof(values));
        }

        if (names.Count == 0)
        {
            return Empty;
        }

        // Label sets are small: an insertion sort of indices on the stack, and a builder sized for the unescaped text,
        // keep a new series to one buffer and its string.
        Span<int> order = names.Count <= 32 ? stackalloc int[names.Count] : new int[names.Count];
        var capacity = 2;
        for (var i = 0; i < order.Length; i++)
        {
            var at = i;
            while (at > 0 && string.CompareOrdinal(names[order[at - 1]], names[i]) > 0)
            {
                order[at] = order[at - 1];
                at--;
            }

            order[at] = i;
            capacity += names[i].Length + values[i].Length + 6;
        }

        var builder = new StringBuilder(capacity).Append('{');
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendString(builder, names[order[i]]);
            builder.Append(':');
            AppendString(builder, values[order[i]]);
        }

        return builder.Append('}').ToString();
    }

    /// <summary>
    /// Parses a stored label set into name/value pairs in stored (sorted) order.
    /// Throws <see cref="FormatException"/> when the text is not a flat JSON object of string values or holds a string
    /// that is not valid UTF-16 (a lone surrogate escape).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string json)
    {
        if (json == Empty)
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException($"Label set is not a JSON object: {json}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    // Python's json.dumps of a label dict whose value is a number or a bool: the seed never writes one.
                    throw new FormatException($"Label '{name}' has a value that is not a string: {json}");
                }

                pairs.Add(new(name, reader.GetString()!));
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new FormatException($"Label set is not a flat JSON object: {json}");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            throw new FormatException($"Label set is not valid JSON: {json}", e);
        }

        return pairs;
    }

    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
