using System.Globalization;
using Prometheus.Distributed.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Writes a sample value as ASCII bytes in the style of <see cref="FloatFormatter.FormatGo"/> (Go's
/// <c>strconv.FormatFloat(v, 'g', -1, 64)</c>) without allocating: the exposition writes one per sample.
/// </summary>
internal static class GoFloatWriter
{
    /// <summary>Bytes enough for any value.</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the byte count.</summary>
    public static int Write(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            var special = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
            special.CopyTo(destination);
            return special.Length;
        }

        int written;
        if (Math.Abs(value) < 1e6 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            ((long)value).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
            return written;
        }

        // Shortest round-trip digits from .NET ("-1234.5", "1E-05", "1.5E+300"), laid out again the way Go does.
        Span<byte> text = stackalloc byte[MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];
        var position = 0;
        if (text[0] == '-')
        {
            destination[position++] = (byte)'-';
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOf((byte)'E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var count = 0;
        var integerLength = text.IndexOf((byte)'.') is var dot and >= 0 ? dot : text.Length;
        var leadingZeros = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            if (count == 0 && c == '0')
            {
                leadingZeros++;
                continue;
            }

            digits[count++] = c;
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        if (count == 0)
        {
            destination[position] = (byte)'0';
            return position + 1;
        }

        // value = 0.digits × 10^point
        var point = integerLength - leadingZeros + exponent;
        return position + Layout(digits[..count], point, destination[position..]);
    }

    private static int Layout(ReadOnlySpan<byte> digits, int point, Span<byte> destination)
    {
        var exponent = point - 1;
        var position = 0;
        if (exponent < -4 || exponent >= 6)
        {
            destination[position++] = digits[0];
            if (digits.Length > 1)
            {
                destination[position++] = (byte)'.';
                digits[1..].CopyTo(destination[position..]);
                position += digits.Length - 1;
            }

            destination[position++] = (byte)'e';
            destination[position++] = exponent < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(exponent);
            if (magnitude < 10)
            {
                destination[position++] = (byte)'0';
            }

            magnitude.TryFormat(destination[position..], out var written, provider: CultureInfo.InvariantCulture);
            return position + written;
        }

        if (point <= 0)
        {
            "0."u8.CopyTo(destination);
            position = 2;
            destination.Slice(position, -point).Fill((byte)'0');
            position += -point;
            digits.CopyTo(destination[position..]);
            return position + digits.Length;
        }

        if (point >= digits.Length)
        {
            digits.CopyTo(destination);
            destination[digits.Length..point].Fill((byte)'0');
            return point;
        }

        digits[..point].CopyTo(destination);
        destination[point] = (byte)'.';
        digits[point..].CopyTo(destination[(point + 1)..]);
        return digits.Length + 1;
    }
}
