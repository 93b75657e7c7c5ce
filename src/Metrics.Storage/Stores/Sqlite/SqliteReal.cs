using System.Globalization;
using Microsoft.Data.Sqlite;

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

    /// <summary>
    /// Reads the stored value in column <paramref name="ordinal"/>: a number, or text that is one (such as <c>NaN</c>);
    /// false for other text, a blob or NULL, which another writer may have put in the column.
    /// </summary>
    public static bool TryRead(SqliteDataReader reader, int ordinal, out double value)
    {
        value = 0;
        if (reader.IsDBNull(ordinal))
        {
            return false;
        }

        var type = reader.GetFieldType(ordinal);
        if (type == typeof(double) || type == typeof(long))
        {
            value = reader.GetDouble(ordinal);
            return true;
        }

        return type == typeof(string)
            && double.TryParse(reader.GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
