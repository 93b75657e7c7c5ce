using System.IO.Pipelines;
using Prometheus.Distributed.Stores.Reading;

namespace Prometheus.Distributed.Exposition;

/// <summary>Writes families as a scrape body in Prometheus text 0.0.4, OpenMetrics 1.0.0 or Prometheus protobuf.</summary>
internal static class ExpositionWriter
{
    /// <summary>The content type of <see cref="ExpositionFormat.PrometheusText"/>.</summary>
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The content type of <see cref="ExpositionFormat.OpenMetrics"/>.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>How many written bytes a stream is handed at once, at most a family more.</summary>
    public const int FlushThreshold = 16 * 1024;

    /// <summary>The content type of <paramref name="format"/>.</summary>
    public static string ContentType(ExpositionFormat format) => format switch
    {
        ExpositionFormat.PrometheusText => PrometheusTextContentType,
        ExpositionFormat.OpenMetrics => OpenMetricsContentType,
        ExpositionFormat.Protobuf => ProtobufExpositionWriter.ContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown exposition format."),
    };

    /// <summary>
    /// Writes an already built snapshot to <paramref name="output"/> through a pipe, handing the stream what was written
    /// once it passes <see cref="FlushThreshold"/> at the end of a family. Does not dispose or close the stream.
    /// </summary>
    public static async Task WriteAsync(
        ExpositionSnapshot snapshot,
        ExpositionFormat format,
        Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        var writer = ExpositionFormatWriter.For(format);
        var pipe = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            foreach (var family in snapshot.Families)
            {
                writer.WriteFamily(pipe, family);
                if (pipe.UnflushedBytes >= FlushThreshold)
                {
                    await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEnd(pipe);
            await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Completed with the failure: nothing more is handed to the stream.
            await pipe.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }

        await pipe.CompleteAsync().ConfigureAwait(false);
    }
}
