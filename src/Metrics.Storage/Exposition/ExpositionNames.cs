namespace Prometheus.Distributed.Exposition;

/// <summary>The Prometheus data model's name syntax, checked before a stored name is written.</summary>
internal static class ExpositionNames
{
    /// <summary>True for <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name) => IsValid(name, allowColon: true);

    /// <summary>True for <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(string name) => IsValid(name, allowColon: false);

    private static bool IsValid(string name, bool allowColon)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && !(allowColon && c == ':'))
            {
                return false;
            }
        }

        return true;
    }
}
