using System.Text.Json;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// What a process declared about a metric family: stored beside the data so that any process can serve a
/// family it never declared itself.
/// </summary>
/// <param name="Type">The Prometheus type.</param>
/// <param name="Name">The family name (a counter's name without <c>_total</c>); also the store key part.</param>
/// <param name="Help">The help text.</param>
/// <param name="LabelNames">The label names, in declaration order.</param>
/// <param name="Buckets">A histogram's finite upper bounds, increasing; empty for other types.</param>
/// <param name="Mode">A gauge's aggregation mode; <see cref="GaugeMode.MostRecent"/> for every other type.</param>
internal sealed record MetricMetadata(
    MetricType Type,
    string Name,
    string Help,
    IReadOnlyList<string> LabelNames,
    IReadOnlyList<double> Buckets,
    GaugeMode Mode = GaugeMode.MostRecent)
{
    /// <summary>A state set's states, sorted (ordinal) so that the order of declaration does not matter; empty for other types.</summary>
    public IReadOnlyList<string> States { get; init; } = [];

    /// <summary>True for a histogram with native buckets (stored beside the seed's data); false for every other family.</summary>
    public bool Native { get; init; }

    /// <summary>A summary's quantiles, increasing; empty for a summary of count and sum only, and for other types.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];

    /// <summary>The window of a summary's <see cref="Quantiles"/>; null when it has none.</summary>
    public QuantileWindow? Window { get; init; }

    /// <summary>
    /// The values of this process's static labels, which are the last names of <see cref="LabelNames"/>; added to every
    /// new series. Empty for metadata read from the store.
    /// </summary>
    public IReadOnlyList<string> StaticLabelValues { get; init; } = [];

    /// <summary>Serialises to the compact JSON document stored in the metadata table/hash.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type.ToString().ToLowerInvariant());
            writer.WriteString("help", Help);
            writer.WriteStartArray("labels");
            foreach (var label in LabelNames)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("buckets");
            foreach (var bound in Buckets)
            {
                writer.WriteNumberValue(bound);
            }

            writer.WriteEndArray();
            if (States.Count > 0)
            {
                writer.WriteStartArray("states");
                foreach (var state in States)
                {
                    writer.WriteStringValue(state);
                }

                writer.WriteEndArray();
            }

            if (Mode != GaugeMode.MostRecent)
            {
                writer.WriteString("mode", Mode.ToString().ToLowerInvariant());
            }

            if (Native)
            {
                writer.WriteBoolean("native", true);
            }

            if (Window is { } window)
            {
                writer.WriteStartArray("quantiles");
                foreach (var quantile in Quantiles)
                {
                    writer.WriteNumberValue(quantile);
                }

                writer.WriteEndArray();
                writer.WriteNumber("max_age_ms", window.MaxAgeMilliseconds);
                writer.WriteNumber("age_buckets", window.AgeBuckets);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Parses a document written by <see cref="ToJson"/>; returns null when it is not one.</summary>
    public static MetricMetadata? TryParse(string name, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!Enum.TryParse<MetricType>(root.GetProperty("type").GetString(), ignoreCase: true, out var type)
                || !Enum.IsDefined(type))
            {
                return null;
            }

            var help = root.GetProperty("help").GetString() ?? string.Empty;
            var labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
            var buckets = root.TryGetProperty("buckets", out var b)
                ? b.EnumerateArray().Select(e => e.GetDouble()).ToArray()
                : [];
            var mode = GaugeMode.MostRecent;
            if (root.TryGetProperty("mode", out var m) && (!Enum.TryParse(m.GetString(), ignoreCase: true, out mode) || !Enum.IsDefined(mode)))
            {
                return null;
            }

            var states = root.TryGetProperty("states", out var s)
                ? s.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray()
                : [];
            var native = root.TryGetProperty("native", out var n) && n.GetBoolean();
            var quantiles = root.TryGetProperty("quantiles", out var q)
                ? q.EnumerateArray().Select(e => e.GetDouble()).ToArray()
                : [];
            QuantileWindow? window = null;
            if (quantiles.Length > 0)
            {
                window = new QuantileWindow(root.GetProperty("max_age_ms").GetInt64(), root.GetProperty("age_buckets").GetInt32());
                // As declared: each in (0, 1), increasing (so distinct, and served once each in order).
                var increasing = quantiles.Zip(quantiles.Skip(1)).All(p => p.First < p.Second);
                if (!increasing || !quantiles.All(v => v is > 0 and < 1) || window.AgeBuckets < 1 || window.MaxAgeMilliseconds < window.AgeBuckets)
                {
                    return null;
                }
            }

            return new MetricMetadata(type, name, help, labels, buckets, mode)
            {
                States = states,
                Native = native,
                Quantiles = quantiles,
                Window = window,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The declaration in words, e.g. <c>a counter with labels [kind]</c>, for error messages.</summary>
    public string Describe()
    {
        var text = $"a {Type.ToString().ToLowerInvariant()} with labels [{string.Join(", ", LabelNames)}]";
        return Type switch
        {
            MetricType.Histogram => text + $" and buckets [{string.Join(", ", Buckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]"
                + (Native ? " and native buckets" : string.Empty),
            MetricType.Gauge => text + $" and mode {Mode}",
            MetricType.StateSet => text + $" and states [{string.Join(", ", States)}]",
            MetricType.Summary when Window is { } window =>
                text + $" and quantiles [{string.Join(", ", Quantiles.Select(q => q.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] "
                + $"over {window.MaxAgeMilliseconds} ms in {window.AgeBuckets} age buckets",
            _ => text,
        };
    }

    /// <summary>
    /// True when both declare the same type, label names, buckets (classic, and native or not), states, gauge mode and
    /// quantiles with their window (help may differ; native settings such as the schema may too: the store merges schemas).
    /// </summary>
    public bool IsCompatibleWith(MetricMetadata other) =>
        Type == other.Type && Mode == other.Mode && Native == other.Native && LabelNames.SequenceEqual(other.LabelNames)
        && Buckets.SequenceEqual(other.Buckets) && States.SequenceEqual(other.States)
        && Quantiles.SequenceEqual(other.Quantiles) && Window == other.Window;
}
