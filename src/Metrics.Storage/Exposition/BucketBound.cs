using System.Globalization;

namespace Prometheus.Distributed.Exposition;

/// <summary>Reads a stored <c>le</c> label value (<c>0.005</c>, <c>1.0</c>, <c>1e+07</c>, <c>+Inf</c>) as a number for ordering.</summary>
internal static class BucketBound
{
    private const NumberStyles Styles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Parses with the invariant culture; <c>+Inf</c>/<c>Inf</c> in any case is positive infinity; NaN is refused.</summary>
    public static bool TryParse(string text, out double bound)
    {
        if (text.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            bound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(text, Styles, CultureInfo.InvariantCulture, out bound) && !double.IsNaN(bound);
    }
}
