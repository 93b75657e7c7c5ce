using System.Globalization;
using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Float text in the two styles the project needs, written into a span without allocating: Go's
/// <c>strconv.FormatFloat(v, 'g', -1, 64)</c> for sample values (the exposition writes one per sample), and the seed's
/// <c>floatToGoString</c> (Python <c>repr</c> based) for stored <c>le</c> label values, so that .NET and Python writers
/// produce identical field names. Both lay out the shortest round-trip digits .NET finds.
/// </summary>
internal static class FloatFormatter
{
    /// <summary>Bytes enough for any value in either style.</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// Writes <paramref name="value"/> in Go style (<c>5</c>, <c>0.25</c>, <c>1e+06</c>, <c>1e-07</c>, <c>+Inf</c>,
    /// <c>-Inf</c>, <c>NaN</c>) to <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the
    /// byte count.
    /// </summary>
    public static int WriteGo(double value, Span<byte> destination)
    {
        if (TryWriteSpecial(value, destination, out var written))
        {
            return written;
        }

        if (Math.Abs(value) < 1e6 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            ((long)value).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
            return written;
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var (negative, count, point) = Decompose(value, digits);
        var position = WriteSign(negative, destination);
        var exponent = point - 1;
        return position + (exponent < -4 || exponent >= 6
            ? Scientific(digits[..count], exponent, destination[position..])
            : Fixed(digits[..count], point, addPointZero: false, destination[position..]));
    }

    /// <summary>Go style as a string (<see cref="WriteGo"/>).</summary>
    public static string FormatGo(double value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(text[..WriteGo(value, text)]);
    }

    /// <summary>
    /// The seed's <c>floatToGoString</c>: Python <c>repr</c> (<c>1.0</c>, <c>0.005</c>, <c>1e-05</c>), with positive
    /// values of seven or more integer digits written as <c>1.5e+06</c>.
    /// </summary>
    public static string FormatSeedLabel(double value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        if (TryWriteSpecial(value, text, out var written))
        {
            return Encoding.ASCII.GetString(text[..written]);
        }

        text = text[..WritePythonRepr(value, text)];
        var dot = text.IndexOf((byte)'.');
        if (value > 0 && dot > 6)
        {
            // The integer digits then the fraction, as one mantissa "d.ddd" without trailing zeros, and the seed's
            // exponent: "e+0" followed by the number of integer digits after the first (1e15 gives "1e+015").
            Span<byte> mantissa = stackalloc byte[MaxLength];
            mantissa[0] = text[0];
            mantissa[1] = (byte)'.';
            text[1..dot].CopyTo(mantissa[2..]);
            text[(dot + 1)..].CopyTo(mantissa[(dot + 1)..]);
            var length = mantissa[..text.Length].TrimEnd("0."u8).Length;
            return Encoding.ASCII.GetString(mantissa[..length]) + "e+0" + (dot - 1).ToString(CultureInfo.InvariantCulture);
        }

        return Encoding.ASCII.GetString(text);
    }

    /// <summary>Writes Python's <c>repr(float)</c> of a finite value; returns the byte count.</summary>
    private static int WritePythonRepr(double value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[MaxLength];
        var (negative, count, point) = Decompose(value, digits);
        var position = WriteSign(negative, destination);
        return position + (point <= -4 || point > 16
            ? Scientific(digits[..count], point - 1, destination[position..])
            : Fixed(digits[..count], point, addPointZero: true, destination[position..]));
    }

    private static bool TryWriteSpecial(double value, Span<byte> destination, out int written)
    {
        var special = double.IsNaN(value) ? "NaN"u8
            : double.IsPositiveInfinity(value) ? "+Inf"u8
            : double.IsNegativeInfinity(value) ? "-Inf"u8
            : [];
        special.CopyTo(destination);
        written = special.Length;
        return written > 0;
    }

    private static int WriteSign(bool negative, Span<byte> destination)
    {
        if (negative)
        {
            destination[0] = (byte)'-';
        }

        return negative ? 1 : 0;
    }

    /// <summary>
    /// Splits a finite value into its shortest round-trip decimal digits (into <paramref name="digits"/>) and the
    /// position of the decimal point: value = ±0.digits × 10^point. Zero is digits "0", point 1.
    /// </summary>
    private static (bool Negative, int Count, int Point) Decompose(double value, Span<byte> digits)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));

        // .NET's shortest round-trip text ("1234.5", "1E-05", "1.5E+300"), read back as digits and a point.
        Span<byte> text = stackalloc byte[MaxLength];
        Math.Abs(value).TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];
        var exponent = 0;
        var e = text.IndexOf((byte)'E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

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
            digits[0] = (byte)'0';
            return (negative, 1, 1);
        }

        return (negative, count, integerLength - leadingZeros + exponent);
    }

    /// <summary>Writes <c>d[.ddd]e±XX</c> (at least two exponent digits).</summary>
    private static int Scientific(ReadOnlySpan<byte> digits, int exponent, Span<byte> destination)
    {
        var position = 0;
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

    /// <summary>Writes the digits with the point at <paramref name="point"/>, and <c>.0</c> after an integer when asked.</summary>
    private static int Fixed(ReadOnlySpan<byte> digits, int point, bool addPointZero, Span<byte> destination)
    {
        if (point <= 0)
        {
            "0."u8.CopyTo(destination);
            destination.Slice(2, -point).Fill((byte)'0');
            digits.CopyTo(destination[(2 - point)..]);
            return 2 - point + digits.Length;
        }

        if (point >= digits.Length)
        {
            digits.CopyTo(destination);
            destination[digits.Length..point].Fill((byte)'0');
            if (!addPointZero)
            {
                return point;
            }

            ".0"u8.CopyTo(destination[point..]);
            return point + 2;
        }

        digits[..point].CopyTo(destination);
        destination[point] = (byte)'.';
        digits[point..].CopyTo(destination[(point + 1)..]);
        return digits.Length + 1;
    }
}
