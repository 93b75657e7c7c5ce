using System.Buffers;
using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// The Prometheus data model's name syntax: the legacy character set (written bare) and UTF-8 names (any non-empty,
/// well-formed text; written quoted or escaped, see <see cref="NameEscaper"/>).
/// </summary>
internal static class ExpositionNames
{
    private static readonly SearchValues<char> LegacyMetricChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:");

    private static readonly SearchValues<char> LegacyLabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>True for <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name) => IsValid(name, LegacyMetricChars);

    /// <summary>True when <paramref name="name"/> followed by <paramref name="suffix"/> is a legacy metric name.</summary>
    public static bool IsValidMetricName(string name, string suffix) =>
        IsValid(name, LegacyMetricChars) && !suffix.AsSpan().ContainsAnyExcept(LegacyMetricChars);

    /// <summary>True for <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(string name) => IsValid(name, LegacyLabelChars);

    /// <summary>True for any non-empty name that is well-formed UTF-16 (so encodes to valid UTF-8): no lone surrogates.</summary>
    public static bool IsValidUtf8Name(string name)
    {
        var rest = name.AsSpan();
        if (rest.IsEmpty)
        {
            return false;
        }

        if (!rest.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return true;
        }

        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    private static bool IsValid(ReadOnlySpan<char> name, SearchValues<char> allowed) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.ContainsAnyExcept(allowed);
}
