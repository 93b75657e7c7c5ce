using System.Buffers;
using System.Globalization;

namespace Prometheus.Distributed.Stores.Seed;

/// <summary>
/// Reads a stored label set without allocating more than its values: a fast path for the compact form Python's
/// <c>json.dumps(..., separators=(",", ":"))</c> writes (string values, standard escapes), and
/// <see cref="LabelJson.Parse"/> for any other text, so both accept exactly the same inputs.
/// </summary>
internal static class SeedLabelParser
{
    private static readonly SearchValues<char> StringSpecials = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    /// <summary>
    /// Parses <paramref name="json"/> into <paramref name="pairs"/> (cleared first) in stored order, taking names and
    /// values from <paramref name="strings"/> so a text repeated in many fields is mostly one string. False when the
    /// text is not a flat JSON object of string values.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<char> json,
        RecentStrings strings,
        List<KeyValuePair<string, string>> pairs)
    {
        pairs.Clear();
        if (TryParseCompact(json, strings, pairs))
        {
            return true;
        }

        pairs.Clear();
        try
        {
            pairs.AddRange(LabelJson.Parse(json.ToString()));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryParseCompact(
        ReadOnlySpan<char> json,
        RecentStrings strings,
        List<KeyValuePair<string, string>> pairs)
    {
        if (json.Length < 2 || json[0] != '{' || json[^1] != '}')
        {
            return false;
        }

        var position = 1;
        if (json.Length == 2)
        {
            return true;
        }

        while (true)
        {
            if (!TryReadString(json, ref position, out var nameSpan, out var name)
                || position >= json.Length
                || json[position++] != ':'
                || !TryReadString(json, ref position, out var valueSpan, out var value)
                || position >= json.Length)
            {
                return false;
            }

            pairs.Add(new(name ?? strings.Get(nameSpan), value ?? strings.Get(valueSpan)));
            var separator = json[position++];
            if (separator == '}')
            {
                return position == json.Length;
            }

            if (separator != ',')
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Reads a JSON string at <paramref name="position"/>. Without escapes <paramref name="raw"/> is its content and
    /// <paramref name="unescaped"/> null; with escapes <paramref name="unescaped"/> is the decoded text.
    /// </summary>
    private static bool TryReadString(
        ReadOnlySpan<char> json,
        ref int position,
        out ReadOnlySpan<char> raw,
        out string? unescaped)
    {
        raw = default;
        unescaped = null;
        if (position >= json.Length || json[position] != '"')
        {
            return false;
        }

        var start = position + 1;
        var end = json[start..].IndexOfAny(StringSpecials);
        if (end < 0)
        {
            return false;
        }

        if (json[start + end] == '"')
        {
            raw = json.Slice(start, end);
            position = start + end + 1;
            return true;
        }

        return TryUnescape(json, start, ref position, out unescaped);
    }

    private static bool TryUnescape(ReadOnlySpan<char> json, int start, ref int position, out string? unescaped)
    {
        unescaped = null;
        var rented = ArrayPool<char>.Shared.Rent(json.Length - start);
        try
        {
            var length = 0;
            var i = start;
            while (i < json.Length)
            {
                var c = json[i++];
                if (c == '"')
                {
                    unescaped = new string(rented, 0, length);
                    position = i;
                    return true;
                }

                if (c < ' ')
                {
                    return false;
                }

                if (c != '\\')
                {
                    rented[length++] = c;
                    continue;
                }

                if (i >= json.Length || !TryReadEscape(json, ref i, out var decoded))
                {
                    return false;
                }

                if (char.IsHighSurrogate(decoded))
                {
                    if (i + 1 >= json.Length || json[i] != '\\' || json[i + 1] != 'u')
                    {
                        return false;
                    }

                    i++;
                    if (!TryReadEscape(json, ref i, out var low) || !char.IsLowSurrogate(low))
                    {
                        return false;
                    }

                    rented[length++] = decoded;
                    decoded = low;
                }
                else if (char.IsLowSurrogate(decoded))
                {
                    return false;
                }

                rented[length++] = decoded;
            }

            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes the escape whose letter is at <paramref name="i"/> (just after the backslash).</summary>
    private static bool TryReadEscape(ReadOnlySpan<char> json, ref int i, out char decoded)
    {
        var letter = json[i++];
        decoded = letter switch
        {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => '\0',
        };
        if (letter != 'u')
        {
            return decoded != '\0';
        }

        if (i + 4 > json.Length
            || !ushort.TryParse(json.Slice(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        i += 4;
        decoded = (char)code;
        return true;
    }
}
