using System.Globalization;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Prometheus text format 0.0.4: a counter's HELP/TYPE name carries <c>_total</c>, <c>_created</c> samples are left
/// out, unknown is spelled <c>untyped</c>, HELP escapes <c>\</c> and newline, and there is no end marker. The
/// OpenMetrics-only types are written the way the Python client does: info as gauge <c>{name}_info</c>, stateset as a
/// gauge, gauge histogram as a histogram of its buckets followed by gauges <c>{name}_gcount</c> and <c>{name}_gsum</c>.
/// Timestamps are integer milliseconds; exemplars are left out.
/// </summary>
internal sealed class TextExpositionWriter : TextFormatWriter
{
    /// <summary>The one instance (the writer holds no state).</summary>
    public static readonly TextExpositionWriter Instance = new();

    private static readonly int BucketId = FamilyShape.SuffixId(FamilyShape.Bucket);
    private static readonly int CreatedId = FamilyShape.SuffixId(FamilyShape.Created);

    private TextExpositionWriter()
    {
    }

    /// <inheritdoc />
    protected override void WriteFamilyHeader(ref OutputCursor cursor, FamilySnapshot family)
    {
        var nameSuffix = family.Type switch
        {
            MetricType.Counter => FamilyShape.Total,
            MetricType.Info => FamilyShape.Info,
            _ => string.Empty,
        };
        WriteHeader(ref cursor, family.Name, nameSuffix, family.Help, family.Type switch
        {
            MetricType.Unknown => "untyped"u8,
            MetricType.Info or MetricType.StateSet => "gauge"u8,
            MetricType.GaugeHistogram => "histogram"u8,
            _ => CommonTypeName(family.Type),
        });
    }

    /// <inheritdoc />
    protected override void WriteSeries(ref OutputCursor cursor, SampleLines lines, int index)
    {
        var family = lines.Family;
        var series = family.Series(index);
        var gaugeHistogram = family.Type == MetricType.GaugeHistogram;
        foreach (var sample in family.Table.SamplesOf(series))
        {
            if (sample.Suffix != CreatedId && (!gaugeHistogram || sample.Suffix == BucketId))
            {
                WriteSample(ref cursor, lines, series, sample);
            }
        }
    }

    /// <summary>After a gauge histogram's buckets: its <c>_gcount</c> and <c>_gsum</c> samples, each as a gauge family.</summary>
    protected override void WriteFamilyEnd(ref OutputCursor cursor, SampleLines lines)
    {
        var family = lines.Family;
        if (family.Type != MetricType.GaugeHistogram)
        {
            return;
        }

        foreach (var suffix in (ReadOnlySpan<string>)[FamilyShape.GaugeCount, FamilyShape.GaugeSum])
        {
            var id = FamilyShape.SuffixId(suffix);
            WriteHeader(ref cursor, family.Name, suffix, family.Help, "gauge"u8);
            for (var i = 0; i < family.SeriesCount; i++)
            {
                var series = family.Series(i);
                foreach (var sample in family.Table.SamplesOf(series))
                {
                    if (sample.Suffix == id)
                    {
                        WriteSample(ref cursor, lines, series, sample);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    protected override void WriteExtras(ref OutputCursor cursor, SampleExtras extras)
    {
        if (extras.TimestampMilliseconds is { } milliseconds)
        {
            cursor.Write((byte)' ');
            cursor.Write(milliseconds.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteHeader(ref OutputCursor cursor, string name, string nameSuffix, string? help, ReadOnlySpan<byte> type)
    {
        if (help is not null)
        {
            cursor.Write("# HELP "u8);
            cursor.WriteMetricName(name, nameSuffix);
            cursor.Write((byte)' ');
            cursor.WriteEscaped(help, escapeQuote: false);
            cursor.Write((byte)'\n');
        }

        cursor.Write("# TYPE "u8);
        cursor.WriteMetricName(name, nameSuffix);
        cursor.Write((byte)' ');
        cursor.Write(type);
        cursor.Write((byte)'\n');
    }
}
