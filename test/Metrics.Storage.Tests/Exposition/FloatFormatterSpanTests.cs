using System.Globalization;
using System.Text;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class FloatFormatterSpanTests
{
    [Fact]
    public void Writes_the_same_text_as_the_reference_layout_of_go_format_float()
    {
        var random = new Random(20240601);
        var values = new List<double>
        {
            0, -0d, 1, -1, 0.1, 0.25, 1e6, -1e6, 999999, 123456.5, 1234567, 1e-4, 1e-5, 0.00012345, 1e21, 1e-300,
            double.MaxValue, double.MinValue, double.Epsilon, 1700000000.123, 5e-324, 100, 1e15, 1e16,
        };
        for (var i = 0; i < 20_000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 12)), random.Next(0, 8)));
            values.Add(random.Next(-2_000_000, 2_000_000));
        }

        Span<byte> buffer = stackalloc byte[FloatFormatter.MaxLength];
        foreach (var value in values)
        {
            var written = FloatFormatter.WriteGo(value, buffer);

            Assert.Equal(GoReference(value), Encoding.ASCII.GetString(buffer[..written]));
        }
    }

    /// <summary>
    /// Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> laid out on strings from .NET's shortest round-trip text: the
    /// straightforward version the span writer must agree with.
    /// </summary>
    private static string GoReference(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        if (text.IndexOf('E', StringComparison.Ordinal) is var e and >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var all = dot < 0 ? text : text.Remove(dot, 1);
        var significant = all.TrimStart('0');
        var digits = significant.TrimEnd('0');
        var point = (dot < 0 ? text.Length : dot) - (all.Length - significant.Length) + exponent;
        if (digits.Length == 0)
        {
            (digits, point) = ("0", 1);
        }

        string body;
        if (point - 1 < -4 || point - 1 >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body = mantissa + "e" + (point - 1 < 0 ? "-" : "+") + Math.Abs(point - 1).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (point <= 0)
        {
            body = "0." + new string('0', -point) + digits;
        }
        else
        {
            body = point >= digits.Length ? digits + new string('0', point - digits.Length) : digits[..point] + "." + digits[point..];
        }

        return negative ? "-" + body : body;
    }
}
