using System.Globalization;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>Float text as stored in Redis hash fields, readable by both Redis and the Python seed.</summary>
internal static class RedisFloat
{
    /// <summary>Shortest round-trip text; infinities and NaN as Python writes them (<c>inf</c>, <c>-inf</c>, <c>nan</c>).</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses what Redis (HINCRBYFLOAT), Python or <see cref="Format"/> wrote; false for anything else.</summary>
    public static bool TryParse(string? text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        switch (text?.ToUpperInvariant())
        {
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                value = double.PositiveInfinity;
                return true;
            case "-INF" or "-INFINITY":
                value = double.NegativeInfinity;
                return true;
            case "NAN":
                value = double.NaN;
                return true;
            default:
                return false;
        }
    }
}
