namespace Prometheus.Distributed.Stores.Seed;

/// <summary>The seed's field name <c>{suffix}:{labels json}</c>: composing and splitting.</summary>
internal static class Subkey
{
    /// <summary>Composes a field name; <paramref name="suffix"/> is empty for a gauge.</summary>
    public static string Compose(string suffix, string labelsJson) => suffix + ":" + labelsJson;

    /// <summary>Splits at the first colon; false when there is none.</summary>
    public static bool TrySplit(string subkey, out string suffix, out string labelsJson)
    {
        var colon = subkey.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            suffix = labelsJson = string.Empty;
            return false;
        }

        suffix = subkey[..colon];
        labelsJson = subkey[(colon + 1)..];
        return true;
    }
}
