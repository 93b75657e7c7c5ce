using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed;

/// <summary>Every metric family read from the store at one moment, ready to be written as an exposition.</summary>
public sealed class MetricsSnapshot
{
    private readonly ExpositionSnapshot exposition;

    internal MetricsSnapshot(IReadOnlyList<StoredFamily> families) => exposition = ExpositionSnapshotBuilder.Build(families);

    /// <summary>How many stored fields could not be read (foreign or damaged data) and were left out.</summary>
    public int SkippedSamples => exposition.SkippedSamples;

    /// <summary>The HTTP content type of <paramref name="format"/>.</summary>
    /// <param name="format">The exposition format.</param>
    /// <returns>The content type, with version and charset.</returns>
    public static string GetContentType(ExpositionFormat format) => ExpositionWriter.ContentType(format);

    /// <summary>Writes the exposition as UTF-8 to <paramref name="output"/>, streaming; does not close it.</summary>
    /// <param name="output">The stream, e.g. an HTTP response body.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything was written.</returns>
    public Task WriteAsync(Stream output, ExpositionFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return ExpositionWriter.WriteAsync(exposition, format, output, cancellationToken);
    }
}
