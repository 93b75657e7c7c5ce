
namespace Prometheus.Distributed.Exposition;

/// <summary>Writes stored families as a scrape body in Prometheus text 0.0.4, OpenMetrics 1.0.0 or Prometheus protobuf.</summary>
internal static class ExpositionWriter
{
    /// <summary>The content type of <see cref="ExpositionFormat.PrometheusText"/>.</summary>
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The content type of <see cref="ExpositionFormat.OpenMetrics"/>.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The content type of <paramref name="format"/>.</summary>
    public static string ContentType(ExpositionFormat format) => format switch
    {
        ExpositionFormat.PrometheusText => PrometheusTextContentType,
        ExpositionFormat.OpenMetrics => OpenMetricsContentType,
        ExpositionFormat.Protobuf => ProtobufExpositionWriter.ContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown exposition format."),
    };

    /// <summary>Writes an already built snapshot to <paramref name="output"/>, streamed through a buffer.</summary>
    public static async Task WriteAsync(
        ExpositionSnapshot snapshot,
        ExpositionFormat format,
        Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        if (format == ExpositionFormat.Protobuf)
        {
            await ProtobufExpositionWriter.WriteAsync(snapshot, output, cancellationToken).ConfigureAwait(false);
            return;
        }

        ExpositionFormatWriter writer = format switch
        {
            ExpositionFormat.PrometheusText => TextExpositionWriter.Instance,
            ExpositionFormat.OpenMetrics => OpenMetricsTextWriter.Instance,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown exposition format."),
        };

        using var buffer = new Utf8OutputBuffer();
        foreach (var family in snapshot.Families)
        {
            writer.WriteFamilyHeader(buffer, family);
            foreach (var series in family.Series)
            {
                writer.WriteSeries(buffer, family, series);
                if (buffer.IsFull)
                {
                    await buffer.DrainAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteFamilyEnd(buffer, family);
        }

        writer.WriteEnd(buffer);
        await buffer.DrainAsync(output, cancellationToken).ConfigureAwait(false);
    }
}
