using System.Buffers;
using System.Globalization;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// OpenMetrics 1.0.0 text: TYPE then HELP under the family name, every sample including <c>_created</c>, HELP escapes
/// <c>\</c>, <c>"</c> and newline, and the body ends with <c># EOF</c>. Collector samples may carry a timestamp (unix
/// seconds) and an exemplar (<c># {trace_id="..."} value [timestamp]</c>).
/// </summary>
internal sealed class OpenMetricsTextWriter : TextFormatWriter
{
    /// <summary>The one instance (the writer holds no state).</summary>
    public static readonly OpenMetricsTextWriter Instance = new();

    private OpenMetricsTextWriter()
    {
    }

    /// <inheritdoc />
    public override void WriteEnd(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("# EOF\n"u8);
    }

    /// <inheritdoc />
    protected override void WriteFamilyHeader(ref OutputCursor cursor, FamilySnapshot family)
    {
        cursor.Write("# TYPE "u8);
        cursor.WriteMetricName(family.Name, string.Empty);
        cursor.Write((byte)' ');
        cursor.Write(family.Type switch
        {
            MetricType.Unknown => "unknown"u8,
            MetricType.Info => "info"u8,
            MetricType.StateSet => "stateset"u8,
            MetricType.GaugeHistogram => "gaugehistogram"u8,
            _ => CommonTypeName(family.Type),
        });
        cursor.Write((byte)'\n');
        if (family.Help is not null)
        {
            cursor.Write("# HELP "u8);
            cursor.WriteMetricName(family.Name, string.Empty);
            cursor.Write((byte)' ');
            cursor.WriteEscaped(family.Help, escapeQuote: true);
            cursor.Write((byte)'\n');
        }
    }

    /// <inheritdoc />
    protected override void WriteSeries(ref OutputCursor cursor, SampleLines lines, int index)
    {
        var series = lines.Family.Series(index);
        foreach (var sample in lines.Family.Table.SamplesOf(series))
        {
            WriteSample(ref cursor, lines, series, sample);
        }
    }

    /// <inheritdoc />
    protected override void WriteExtras(ref OutputCursor cursor, SampleExtras extras)
    {
        if (extras.TimestampMilliseconds is { } milliseconds)
        {
            WriteSeconds(ref cursor, milliseconds);
        }

        if (extras.Exemplar is { } exemplar)
        {
            cursor.Write(" # "u8);
            WriteLabelSet(ref cursor, exemplar.Labels);
            cursor.Write((byte)' ');
            cursor.WriteValue(exemplar.Value);
            if (exemplar.Timestamp is { } timestamp)
            {
                WriteSeconds(ref cursor, timestamp.ToUnixTimeMilliseconds());
            }
        }
    }

    /// <summary>Writes a space and a unix time in seconds with up to three decimals (<c>1700000000.25</c>).</summary>
    private static void WriteSeconds(ref OutputCursor cursor, long milliseconds)
    {
        cursor.Write((byte)' ');
        cursor.Write((milliseconds / 1000m).ToString("0.###", CultureInfo.InvariantCulture));
    }
}
