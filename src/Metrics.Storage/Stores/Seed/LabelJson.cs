using System.Buffers;
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

    // Labels JSON up to this many bytes is parsed from the stack.
    private const int StackBytes = 512;

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
        ArgumentNullException.ThrowIfNull(json);
        var pairs = new List<KeyValuePair<string, string>>();
        return TryParse(json, pairs)
            ? pairs
            : throw new FormatException($"Label set is not a flat JSON object of string values: {json}");
    }

    /// <summary>
    /// Parses <paramref name="json"/> into <paramref name="pairs"/> (cleared first) in stored order; false when it is not
    /// a flat JSON object of string values, or holds a lone surrogate escape.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> json, List<KeyValuePair<string, string>> pairs)
    {
        // Encoded as UTF-8 for the reader; a lone surrogate in the text becomes U+FFFD, as Encoding.UTF8 writes it.
        byte[]? rented = null;
        var length = Encoding.UTF8.GetByteCount(json);
        var utf8 = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return TryParse(utf8[..Encoding.UTF8.GetBytes(json, utf8)], pairs);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> json, List<KeyValuePair<string, string>> pairs)
    {
        pairs.Clear();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;

                // Python's json.dumps of a label dict whose value is a number or a bool: the seed never writes one.
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                pairs.Add(new(name, reader.GetString()!));
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            return false;
        }
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
