using System.Globalization;
using System.Text.Json;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// The stored form of an exemplar, kept beside the seed's data (one per field):
/// <c>{"labels":{"trace_id":"…","span_id":"…"},"value":0.25,"timestamp":1700000000.123}</c>, the timestamp in unix
/// seconds like the seed's <c>_created</c>.
/// </summary>
internal static class ExemplarJson
{
    /// <summary>The compact JSON of <paramref name="exemplar"/>.</summary>
    public static string Write(ExemplarWrite exemplar) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"labels":{"trace_id":"{{exemplar.TraceId.ToHexString()}}","span_id":"{{exemplar.SpanId.ToHexString()}}"},"value":{{exemplar.Value:R}},"timestamp":{{exemplar.UnixMilliseconds / 1000m}}}""");

    /// <summary>The exemplar stored as <paramref name="json"/>; null when it is damaged or not an exemplar.</summary>
    public static Exemplar? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var labels = root.GetProperty("labels")
                .EnumerateObject()
                .Select(p => (p.Name, p.Value.GetString() ?? throw new FormatException("An exemplar label value is null.")))
                .ToArray();
            var timestamp = root.TryGetProperty("timestamp", out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds.GetDouble() * 1000))
                : (DateTimeOffset?)null;
            return new Exemplar(root.GetProperty("value").GetDouble(), labels) { Timestamp = timestamp };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException
            or KeyNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The exemplars of stored (field, JSON) pairs, damaged ones left out; null when there are none.</summary>
    public static Dictionary<string, Exemplar>? ParseAll(IEnumerable<KeyValuePair<string, string>> stored)
    {
        Dictionary<string, Exemplar>? exemplars = null;
        foreach (var (subkey, json) in stored)
        {
            if (TryParse(json) is { } exemplar)
            {
                (exemplars ??= new(StringComparer.Ordinal))[subkey] = exemplar;
            }
        }

        return exemplars;
    }
}
