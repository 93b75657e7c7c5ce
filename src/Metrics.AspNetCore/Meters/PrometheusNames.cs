using System.Text;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// Prometheus names for instruments and tag keys, after the OpenTelemetry-to-Prometheus conventions: invalid characters
/// become underscores, the unit becomes a suffix (<c>s</c> to <c>_seconds</c>, <c>By</c> to <c>_bytes</c>,
/// <c>{request}</c> dropped, <c>1</c> to <c>_ratio</c> on gauges) unless the name already ends with it, and counters
/// end with <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    private const string TotalSuffix = "_total";

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["min"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>The metric name of an instrument, e.g. <c>http.server.request.duration</c> in <c>s</c> to <c>http_server_request_duration_seconds</c>.</summary>
    public static string Metric(string instrumentName, string? unit, InstrumentKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        if (kind.IsCounter() && name.EndsWith(TotalSuffix, StringComparison.Ordinal) && name.Length > TotalSuffix.Length)
        {
            name = name[..^TotalSuffix.Length];
        }

        var suffix = UnitSuffix(unit, kind.IsGauge());
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return kind.IsCounter() ? name + TotalSuffix : name;
    }

    /// <summary>The label name of a tag key, e.g. <c>http.response.status_code</c> to <c>http_response_status_code</c>.</summary>
    public static string Label(string tagKey) => Sanitize(tagKey, allowColon: false);

    /// <summary>The name suffix of a UCUM unit as .NET instruments give it, or "" when it adds none.</summary>
    public static string UnitSuffix(string? unit, bool isGauge)
    {
        var bare = DropAnnotations(unit).Trim();
        if (bare.Length == 0)
        {
            return "";
        }

        if (bare == "1")
        {
            return isGauge ? "ratio" : "";
        }

        var slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Unit(bare, Units);
        }

        var over = Unit(bare[..slash].Trim(), Units);
        var per = Unit(bare[(slash + 1)..].Trim(), PerUnits);
        return per.Length == 0 ? over : over.Length == 0 ? "per_" + per : over + "_per_" + per;
    }

    private static string Unit(string unit, Dictionary<string, string> names) =>
        unit.Length == 0 || unit == "1" ? "" : names.TryGetValue(unit, out var name) ? name : Sanitize(unit, allowColon: false).Trim('_');

    private static string DropAnnotations(string? unit)
    {
        if (string.IsNullOrEmpty(unit) || !unit.Contains('{', StringComparison.Ordinal))
        {
            return unit ?? "";
        }

        var bare = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                bare.Append(c);
            }
        }

        return bare.ToString();
    }

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':')))
            {
                chars[i] = '_';
            }
        }

        var sanitized = new string(chars);
        return char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }
}
