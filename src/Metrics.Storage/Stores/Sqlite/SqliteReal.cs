using System.Globalization;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// Values of the <c>value REAL NOT NULL</c> column. SQLite turns NaN into NULL, so NaN is stored as the text
/// <c>NaN</c>, which the column keeps as text and the seed reads back with <c>float(value)</c>.
/// </summary>
internal static class SqliteReal
{
    /// <summary>The stored text of NaN.</summary>
    public const string NaNText = "NaN";

    /// <summary>The parameter value that stores <paramref name="value"/>.</summary>
    public static object ToParameter(double value) => double.IsNaN(value) ? NaNText : value;

    /// <summary>Reads a stored value: a number, or text such as <c>NaN</c> (unreadable text reads as NaN).</summary>
    public static double FromText(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
