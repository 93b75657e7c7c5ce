using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed;

/// <summary>Every metric family read from the store at one moment, ready to be written as an exposition.</summary>
public sealed class MetricsSnapshot
{
    private readonly ExpositionSnapshot exposition;

    internal MetricsSnapshot(ExpositionSnapshot exposition) => this.exposition = exposition;

    /// <summary>The families as written.</summary>
    internal ExpositionSnapshot Exposition => exposition;

    /// <summary>How many stored fields could not be read (foreign or damaged data) and were left out.</summary>
    public int SkippedSamples => exposition.SkippedSamples;

    /// <summary>
    /// The value of one sample as the exposition would show it, e.g. <c>GetValue("http_requests_total", ("code", "200"))</c>
    /// or <c>GetValue("latency_seconds_bucket", ("le", "0.5"))</c>. Labels must match the series exactly
    /// (order does not matter). Meant for assertions in tests.
    /// </summary>
    /// <param name="sampleName">The sample name: a counter's <c>..._total</c>, a histogram's <c>..._bucket</c>/<c>_count</c>/<c>_sum</c>.</param>
    /// <param name="labels">Every label of the series; <c>le</c> for a bucket, as stored (<c>1.0</c>, <c>+Inf</c>).</param>
    /// <returns>The value, or null when the store holds no such sample.</returns>
    public double? GetValue(string sampleName, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        ArgumentNullException.ThrowIfNull(sampleName);
        foreach (var family in exposition.Families)
        {
            if (!sampleName.StartsWith(family.Name, StringComparison.Ordinal))
            {
                continue;
            }

            var suffix = sampleName[family.Name.Length..];
            foreach (var series in family.Series)
            {
                foreach (var sample in series.Samples)
                {
                    if (sample.Suffix == suffix && Matches(series.Labels, sample.Le, labels))
                    {
                        return sample.Value;
                    }
                }
            }
        }

        return null;
    }

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

    private static bool Matches(
        IReadOnlyList<KeyValuePair<string, string>> seriesLabels, string? le, ReadOnlySpan<(string Name, string Value)> wanted)
    {
        if (wanted.Length != seriesLabels.Count + (le is null ? 0 : 1))
        {
            return false;
        }

        foreach (var label in wanted)
        {
            var found = label.Name == "le" && le is not null
                ? label.Value == le
                : seriesLabels.Any(l => l.Key == label.Name && l.Value == label.Value);
            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
