using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// OpenMetrics 1.0.0 text: TYPE then HELP under the family name, every sample including <c>_created</c>, HELP escapes
/// <c>\</c>, <c>"</c> and newline, and the body ends with <c># EOF</c>.
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
        buffer.Write(family.Name);
        buffer.Write((byte)' ');
        buffer.Write(family.Type == MetricType.Unknown ? "unknown"u8 : CommonTypeName(family.Type));
        buffer.Write((byte)'\n');
        if (family.Help is not null)
        {
            buffer.Write("# HELP "u8);
            buffer.Write(family.Name);
            buffer.Write((byte)' ');
            buffer.WriteEscaped(family.Help, escapeQuote: true);
            buffer.Write((byte)'\n');
        }
    }

    /// <inheritdoc />
    public override void WriteSeries(Utf8OutputBuffer buffer, FamilySnapshot family, SeriesSnapshot series)
    {
        foreach (var sample in series.Samples)
        {
            WriteSample(buffer, family.Name, series, sample);
        }
    }

    /// <inheritdoc />
    public override void WriteEnd(Utf8OutputBuffer buffer) => buffer.Write("# EOF\n"u8);
}
