using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Prometheus text format 0.0.4: a counter's HELP/TYPE name carries <c>_total</c>, <c>_created</c> samples are left
/// out, unknown is spelled <c>untyped</c>, HELP escapes <c>\</c> and newline, and there is no end marker.
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
        var counterSuffix = family.Type == MetricType.Counter ? FamilyShape.Total : string.Empty;
        if (family.Help is not null)
        {
            buffer.Write("# HELP "u8);
            buffer.Write(family.Name);
            buffer.Write(counterSuffix);
            buffer.Write((byte)' ');
            buffer.WriteEscaped(family.Help, escapeQuote: false);
            buffer.Write((byte)'\n');
        }

        buffer.Write("# TYPE "u8);
        buffer.Write(family.Name);
        buffer.Write(counterSuffix);
        buffer.Write((byte)' ');
        buffer.Write(family.Type == MetricType.Unknown ? "untyped"u8 : CommonTypeName(family.Type));
        buffer.Write((byte)'\n');
    }

    /// <inheritdoc />
    public override void WriteSeries(Utf8OutputBuffer buffer, FamilySnapshot family, SeriesSnapshot series)
    {
        foreach (var sample in series.Samples)
        {
            if (sample.Suffix != FamilyShape.Created)
            {
                WriteSample(buffer, family.Name, series, sample);
            }
        }
    }

    /// <inheritdoc />
    public override void WriteEnd(Utf8OutputBuffer buffer)
    {
    }
}
