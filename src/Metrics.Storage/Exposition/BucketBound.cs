using System.Globalization;

namespace Prometheus.Distributed.Exposition;

/// <summary>Reads a stored <c>le</c> label value (<c>0.005</c>, <c>1.0</c>, <c>1e+07</c>, <c>+Inf</c>) as a number for ordering.</summary>
internal static class BucketBound
{
    private const NumberStyles Styles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Parses with the invariant culture; <c>+Inf</c>/<c>Inf</c> in any case is positive infinity; NaN, and a number too
    /// large for a double, are refused.
    /// </summary>
    public static bool TryParse(string text, out double bound)
    {
        if (text.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            bound = double.PositiveInfinity;
            return true;
        }

        // A number too large for a double reads as infinity here but is an error for Go's ParseFloat (promtool).
        return double.TryParse(text, Styles, CultureInfo.InvariantCulture, out bound)
            && !double.IsNaN(bound)
            && (!double.IsInfinity(bound) || IsInfinitySpelling(text));
    }

    private static bool IsInfinitySpelling(string text)
    {
        var unsigned = text.AsSpan().TrimStart("+-");
        return unsigned.Equals("Inf", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("Infinity", StringComparison.OrdinalIgnoreCase);
    }
}
