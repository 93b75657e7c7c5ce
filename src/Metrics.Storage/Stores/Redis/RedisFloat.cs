using System.Globalization;
using StackExchange.Redis;

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

    /// <summary>
    /// <see cref="Format"/> as a script argument: a whole number below 10^15 (what <see cref="Format"/> writes as plain
    /// digits, e.g. a counter's increments) goes as an integer, which the client writes without making a string.
    /// </summary>
    public static RedisValue ToArgument(double value) => IsIntegerArgument(value) ? (long)value : Format(value);

    /// <summary>True when <see cref="ToArgument"/> sends <paramref name="value"/> as an integer (plain digits).</summary>
    public static bool IsIntegerArgument(double value) =>
        Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value));

    /// <summary>
    /// <see cref="TryParse(string?, out double)"/> of a value read from Redis, straight from its UTF-8 bytes for a
    /// plain number (a scrape reads one per series), through a string only for the spellings of infinity and NaN.
    /// </summary>
    public static bool TryParse(RedisValue stored, out double value) =>
        double.TryParse((byte[]?)stored, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        || TryParse((string?)stored, out value);

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
