using System.Globalization;

namespace Prometheus.Distributed.Text;

/// <summary>
/// Float text in the two styles the project needs: Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> for sample
/// values in the exposition, and the seed's <c>floatToGoString</c> (Python <c>repr</c> based) for stored
/// <c>le</c> label values, so that .NET and Python writers produce identical field names.
/// </summary>
internal static class FloatFormatter
{
    /// <summary>Go style: <c>5</c>, <c>0.25</c>, <c>1e+06</c>, <c>1e-07</c>, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatGo(double value)
    {
        if (TryFormatSpecial(value, out var special))
        {
            return special;
        }

        var (negative, digits, point) = Decompose(value);
        var exponent = point - 1;
        var body = exponent < -4 || exponent >= 6
            ? Scientific(digits, exponent, minExponentDigits: 2)
            : Fixed(digits, point, addPointZero: false);
        return negative ? "-" + body : body;
    }

    /// <summary>
    /// The seed's <c>floatToGoString</c>: Python <c>repr</c> (<c>1.0</c>, <c>0.005</c>, <c>1e-05</c>), with values of
    /// seven or more integer digits written as <c>1.5e+06</c>.
    /// </summary>
    public static string FormatSeedLabel(double value)
    {
        if (TryFormatSpecial(value, out var special))
        {
            return special;
        }

        var repr = FormatPythonRepr(value);
        var dot = repr.IndexOf('.', StringComparison.Ordinal);
        if (value > 0 && dot > 6)
        {
            var mantissa = (repr[0] + "." + repr[1..dot] + repr[(dot + 1)..]).TrimEnd('0', '.');
            return mantissa + "e+0" + (dot - 1).ToString(CultureInfo.InvariantCulture);
        }

        return repr;
    }

    /// <summary>Python's <c>repr(float)</c> for a finite value.</summary>
    public static string FormatPythonRepr(double value)
    {
        var (negative, digits, point) = Decompose(value);
        var body = point <= -4 || point > 16
            ? Scientific(digits, point - 1, minExponentDigits: 2)
            : Fixed(digits, point, addPointZero: true);
        return negative ? "-" + body : body;
    }

    private static bool TryFormatSpecial(double value, out string text)
    {
        text = double.IsNaN(value) ? "NaN"
            : double.IsPositiveInfinity(value) ? "+Inf"
            : double.IsNegativeInfinity(value) ? "-Inf"
            : string.Empty;
        return text.Length > 0;
    }

    /// <summary>
    /// Splits a finite value into its shortest round-trip decimal digits and the position of the decimal point:
    /// value = 0.digits × 10^point. Zero is digits "0", point 1.
    /// </summary>
    private static (bool Negative, string Digits, int Point) Decompose(double value)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerLength = dot < 0 ? text.Length : dot;
        var all = dot < 0 ? text : text.Remove(dot, 1);
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
        {
            leading++;
        }

        var digits = all[leading..].TrimEnd('0');
        if (digits.Length == 0)
        {
            return (negative, "0", 1);
        }

        return (negative, digits, integerLength - leading + exponent);
    }

    private static string Fixed(string digits, int point, bool addPointZero)
    {
        string result;
        if (point <= 0)
        {
            result = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            result = digits + new string('0', point - digits.Length);
            if (addPointZero)
            {
                result += ".0";
            }
        }
        else
        {
            result = digits[..point] + "." + digits[point..];
        }

        return result;
    }

    private static string Scientific(string digits, int exponent, int minExponentDigits)
    {
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var sign = exponent < 0 ? "-" : "+";
        var magnitude = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(minExponentDigits, '0');
        return mantissa + "e" + sign + magnitude;
    }
}
