using System.Buffers;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// One exposition format: writes a family at a time into an <see cref="IBufferWriter{T}"/> (a scrape body, or a pipe to
/// a stream), then whatever closes the body.
/// </summary>
internal abstract class ExpositionFormatWriter
{
    /// <summary>The writer of <paramref name="format"/>.</summary>
    public static ExpositionFormatWriter For(ExpositionFormat format) => format switch
    {
        ExpositionFormat.PrometheusText => TextExpositionWriter.Instance,
        ExpositionFormat.OpenMetrics => OpenMetricsTextWriter.Instance,
        ExpositionFormat.Protobuf => ProtobufExpositionWriter.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown exposition format."),
    };

    /// <summary>Writes <paramref name="family"/> whole: its header and every series.</summary>
    public abstract void WriteFamily(IBufferWriter<byte> output, FamilySnapshot family);

    /// <summary>Writes whatever closes the body; nothing by default.</summary>
    public virtual void WriteEnd(IBufferWriter<byte> output)
    {
    }
}
