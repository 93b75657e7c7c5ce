using System.Globalization;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Prometheus text format 0.0.4: a counter's HELP/TYPE name carries <c>_total</c>, <c>_created</c> samples are left
/// out, unknown is spelled <c>untyped</c>, HELP escapes <c>\</c> and newline, and there is no end marker. The
/// OpenMetrics-only types are written the way the Python client does: info as gauge <c>{name}_info</c>, stateset as a
/// gauge, gauge histogram as a histogram of its buckets followed by gauges <c>{name}_gcount</c> and <c>{name}_gsum</c>.
/// Timestamps are integer milliseconds; exemplars are left out.
/// </summary>
internal sealed class TextExpositionWriter : ExpositionFormatWriter
{
    /// <summary>The one instance (the writer holds no state).</summary>
    public static readonly TextExpositionWriter Instance = new();

    private TextExpositionWriter()
    {
    }

    /// <inheritdoc />
    public override void WriteFamilyHeader(Utf8OutputBuffer buffer, FamilySnapshot family)
    {
        var nameSuffix = family.Type switch
        {
            MetricType.Counter => FamilyShape.Total,
            MetricType.Info => FamilyShape.Info,
            _ => string.Empty,
        };
        WriteHeader(buffer, family.Name, nameSuffix, family.Help, family.Type switch
        {
            MetricType.Unknown => "untyped"u8,
            MetricType.Info or MetricType.StateSet => "gauge"u8,
            MetricType.GaugeHistogram => "histogram"u8,
            _ => CommonTypeName(family.Type),
        });
    }

    /// <inheritdoc />
    public override void WriteSeries(Utf8OutputBuffer buffer, FamilySnapshot family, SeriesSnapshot series)
    {
        // Indexed, not foreach: enumerating the list interface would allocate an enumerator per series.
        var samples = series.Samples;
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.Suffix != FamilyShape.Created && !IsGaugeHistogramTotal(family, sample))
            {
                WriteSample(buffer, family.Name, series, sample);
            }
        }
    }

    /// <summary>After a gauge histogram's buckets: its <c>_gcount</c> and <c>_gsum</c> samples, each as a gauge family.</summary>
    public override void WriteFamilyEnd(Utf8OutputBuffer buffer, FamilySnapshot family)
    {
        if (family.Type != MetricType.GaugeHistogram)
        {
            return;
        }

        foreach (var suffix in (ReadOnlySpan<string>)[FamilyShape.GaugeCount, FamilyShape.GaugeSum])
        {
            WriteHeader(buffer, family.Name, suffix, family.Help, "gauge"u8);
            foreach (var series in family.Series)
            {
                foreach (var sample in series.Samples)
                {
                    if (sample.Suffix == suffix)
                    {
                        WriteSample(buffer, family.Name, series, sample);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public override void WriteEnd(Utf8OutputBuffer buffer)
    {
    }

    /// <inheritdoc />
    protected override void WriteExtras(Utf8OutputBuffer buffer, SampleExtras extras)
    {
        if (extras.TimestampMilliseconds is { } milliseconds)
        {
            buffer.Write((byte)' ');
            buffer.Write(milliseconds.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool IsGaugeHistogramTotal(FamilySnapshot family, SampleSnapshot sample) =>
        family.Type == MetricType.GaugeHistogram && sample.Suffix != FamilyShape.Bucket;

    private static void WriteHeader(Utf8OutputBuffer buffer, string name, string nameSuffix, string? help, ReadOnlySpan<byte> type)
    {
        if (help is not null)
        {
            buffer.Write("# HELP "u8);
            buffer.WriteMetricName(name, nameSuffix);
            buffer.Write((byte)' ');
            buffer.WriteEscaped(help, escapeQuote: false);
            buffer.Write((byte)'\n');
        }

        buffer.Write("# TYPE "u8);
        buffer.WriteMetricName(name, nameSuffix);
        buffer.Write((byte)' ');
        buffer.Write(type);
        buffer.Write((byte)'\n');
    }
}
