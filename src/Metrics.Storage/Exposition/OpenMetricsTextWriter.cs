using System.Globalization;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// OpenMetrics 1.0.0 text: TYPE then HELP under the family name, every sample including <c>_created</c>, HELP escapes
/// <c>\</c>, <c>"</c> and newline, and the body ends with <c># EOF</c>. Collector samples may carry a timestamp (unix
/// seconds) and an exemplar (<c># {trace_id="..."} value [timestamp]</c>).
/// </summary>
internal sealed class OpenMetricsTextWriter : ExpositionFormatWriter
{
    /// <summary>The one instance (the writer holds no state).</summary>
    public static readonly OpenMetricsTextWriter Instance = new();

    private OpenMetricsTextWriter()
    {
    }

    /// <inheritdoc />
    public override void WriteFamilyHeader(Utf8OutputBuffer buffer, FamilySnapshot family)
    {
        buffer.Write("# TYPE "u8);
        buffer.WriteMetricName(family.Name, string.Empty);
        buffer.Write((byte)' ');
        buffer.Write(family.Type switch
        {
            MetricType.Unknown => "unknown"u8,
            MetricType.Info => "info"u8,
            MetricType.StateSet => "stateset"u8,
            MetricType.GaugeHistogram => "gaugehistogram"u8,
            _ => CommonTypeName(family.Type),
        });
        buffer.Write((byte)'\n');
        if (family.Help is not null)
        {
            buffer.Write("# HELP "u8);
            buffer.WriteMetricName(family.Name, string.Empty);
            buffer.Write((byte)' ');
            buffer.WriteEscaped(family.Help, escapeQuote: true);
            buffer.Write((byte)'\n');
        }
    }

    /// <inheritdoc />
    public override void WriteSeries(Utf8OutputBuffer buffer, FamilySnapshot family, SeriesSnapshot series)
    {
        // Indexed, not foreach: enumerating the list interface would allocate an enumerator per series.
        var samples = series.Samples;
        for (var i = 0; i < samples.Count; i++)
        {
            WriteSample(buffer, family.Name, series, samples[i]);
        }
    }

    /// <inheritdoc />
    public override void WriteEnd(Utf8OutputBuffer buffer) => buffer.Write("# EOF\n"u8);

    /// <inheritdoc />
    protected override void WriteExtras(Utf8OutputBuffer buffer, SampleExtras extras)
    {
        if (extras.TimestampMilliseconds is { } milliseconds)
        {
            WriteSeconds(buffer, milliseconds);
        }

        if (extras.Exemplar is { } exemplar)
        {
            buffer.Write(" # "u8);
            WriteLabelSet(buffer, exemplar.Labels);
            buffer.Write((byte)' ');
            buffer.WriteValue(exemplar.Value);
            if (exemplar.Timestamp is { } timestamp)
            {
                WriteSeconds(buffer, timestamp.ToUnixTimeMilliseconds());
            }
        }
    }

    /// <summary>Writes a space and a unix time in seconds with up to three decimals (<c>1700000000.25</c>).</summary>
    private static void WriteSeconds(Utf8OutputBuffer buffer, long milliseconds)
    {
        buffer.Write((byte)' ');
        buffer.Write((milliseconds / 1000m).ToString("0.###", CultureInfo.InvariantCulture));
    }
}
