using System.Globalization;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The field of a per-instance gauge value in <c>{prefix}:dm:gauge:{family}</c>:
/// <c>{length of the instance id}|{instance id}{seed field}</c>. The length makes it unambiguous whatever characters
/// the id holds, and makes <see cref="Prefix"/> of one instance never a prefix of another instance's fields.
/// </summary>
internal static class InstanceField
{
    /// <summary>The start every field of <paramref name="instanceId"/> has.</summary>
    public static string Prefix(string instanceId) =>
        instanceId.Length.ToString(CultureInfo.InvariantCulture) + "|" + instanceId;

    /// <summary>Splits a field (an instance's <see cref="Prefix"/> followed by the seed field); false when it is not one.</summary>
    public static bool TrySplit(string field, out string instanceId, out string subkey)
    {
        instanceId = subkey = string.Empty;
        var bar = field.IndexOf('|', StringComparison.Ordinal);
        if (bar < 1
            || !int.TryParse(field.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length > field.Length - bar - 1)
        {
            return false;
        }

        instanceId = field.Substring(bar + 1, length);
        subkey = field[(bar + 1 + length)..];
        return true;
    }
}
