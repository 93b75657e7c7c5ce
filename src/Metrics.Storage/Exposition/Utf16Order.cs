namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Compares UTF-8 texts in the order <see cref="string.CompareOrdinal(string, string)"/> gives their UTF-16 forms, so
/// series read as bytes sort exactly as they did as strings. The two orders differ in one place: UTF-16 puts
/// U+E000–U+FFFF after the characters above U+FFFF (whose surrogates start at U+D800), code point order before them.
/// </summary>
internal static class Utf16Order
{
    /// <summary>Negative, zero or positive as <paramref name="x"/> sorts before, with or after <paramref name="y"/>.</summary>
    public static int Compare(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        // Well-formed UTF-8 first differs at a lead byte, or at a continuation byte of two characters of the same
        // range. Lead bytes 0xEE and 0xEF start U+E000–U+FFFF: moved above 0xF0–0xF4, which start U+10000 and above.
        return Rank(x[common]).CompareTo(Rank(y[common]));
    }

    private static int Rank(byte value) => value is 0xEE or 0xEF ? value + 0x10 : value;
}
