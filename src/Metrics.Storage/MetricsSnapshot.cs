using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed;

/// <summary>Every metric family read from the store at one moment, ready to be written as an exposition.</summary>
public sealed class MetricsSnapshot
{
    private readonly ExpositionSnapshot exposition;
    private readonly NameEscapingScheme defaultEscaping;
    private readonly ExpositionSnapshot?[] escaped = new ExpositionSnapshot?[Enum.GetValues<NameEscapingScheme>().Length];

    internal MetricsSnapshot(ExpositionSnapshot exposition, NameEscapingScheme defaultEscaping = NameEscapingScheme.Underscores)
    {
        this.exposition = exposition;
        this.defaultEscaping = defaultEscaping;
    }

    /// <summary>The families as written.</summary>
    internal ExpositionSnapshot Exposition => exposition;

    /// <summary>
    /// How many stored entries could not be shown (foreign or damaged data: keys that are not hashes, values that are not
    /// numbers, fields that cannot be parsed or break their family's rules) and were left out, plus the samples left
    /// out because their names clash with another family's, also once escaped by the default
    /// <see cref="DistributedMetricsOptions.NameEscaping"/>.
    /// </summary>
    public int SkippedSamples => (int)Math.Min(Skipped.Total, int.MaxValue);

    /// <summary>What <see cref="SkippedSamples"/> counts, by family and reason.</summary>
    internal SkippedEntries Skipped => Escaped(defaultEscaping).Skipped;

    /// <summary>
    /// The value of one sample as the exposition would show it, e.g. <c>GetValue("http_requests_total", ("code", "200"))</c>
    /// or <c>GetValue("latency_seconds_bucket", ("le", "0.5"))</c>, or a summary's quantile,
    /// <c>GetValue("latency_seconds", ("quantile", "0.99"))</c>. Labels must match the series exactly (order does not
    /// matter). Meant for assertions in tests.
    /// </summary>
    /// <param name="sampleName">The sample name: a counter's <c>..._total</c>, a histogram's <c>..._bucket</c>/<c>_count</c>/<c>_sum</c>, a summary's name for a quantile.</param>
    /// <param name="labels">Every label of the series; <c>le</c> for a bucket, as stored (<c>1.0</c>, <c>+Inf</c>); <c>quantile</c> for a quantile, as declared (<c>0.99</c>).</param>
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

            var suffix = FamilyShape.SuffixId(sampleName.AsSpan(family.Name.Length));
            var table = family.Table;
            for (var i = 0; suffix >= 0 && i < family.SeriesCount; i++)
            {
                var series = family.Series(i);
                foreach (var sample in table.SamplesOf(series))
                {
                    if (sample.Suffix == suffix && Matches(family, series, sample, labels))
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

    /// <summary>
    /// The HTTP content type of <paramref name="format"/> with the <c>escaping</c> parameter of
    /// <paramref name="escaping"/>, e.g. <c>text/plain; version=0.0.4; charset=utf-8; escaping=allow-utf-8</c>.
    /// </summary>
    /// <param name="format">The exposition format.</param>
    /// <param name="escaping">The name escaping the body was written with.</param>
    /// <returns>The content type, with version, charset and escaping.</returns>
    public static string GetContentType(ExpositionFormat format, NameEscapingScheme escaping) =>
        ExpositionWriter.ContentType(format) + "; escaping=" + NameEscaper.ToParameter(escaping);

    /// <summary>
    /// Writes the exposition as UTF-8 to <paramref name="output"/>, streaming; does not close it. Names outside the
    /// legacy character set are escaped by the default <see cref="DistributedMetricsOptions.NameEscaping"/>.
    /// </summary>
    /// <param name="output">The stream, e.g. an HTTP response body.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything was written.</returns>
    public Task WriteAsync(Stream output, ExpositionFormat format, CancellationToken cancellationToken = default) =>
        WriteAsync(output, format, defaultEscaping, cancellationToken);

    /// <summary>
    /// Writes the exposition as UTF-8 to <paramref name="output"/>, streaming; does not close it. With
    /// <see cref="NameEscapingScheme.AllowUtf8"/> names outside the legacy character set are written quoted
    /// (<c>{"my.metric",code="200"} 1</c>); with another scheme they are escaped by it.
    /// </summary>
    /// <param name="output">The stream, e.g. an HTTP response body.</param>
    /// <param name="format">The format.</param>
    /// <param name="escaping">How names outside the legacy character set are written.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything was written.</returns>
    public Task WriteAsync(Stream output, ExpositionFormat format, NameEscapingScheme escaping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Enum.IsDefined(escaping))
        {
            throw new ArgumentOutOfRangeException(nameof(escaping), escaping, "Unknown name escaping scheme.");
        }

        return ExpositionWriter.WriteAsync(Escaped(escaping), format, output, cancellationToken);
    }

    /// <summary>The families with names escaped by <paramref name="scheme"/>, computed once per snapshot and scheme.</summary>
    internal ExpositionSnapshot Escaped(NameEscapingScheme scheme) =>
        escaped[(int)scheme] ??= NameEscaper.Apply(exposition, scheme);

    private static bool Matches(FamilySnapshot family, in TableSeries series, TableSample sample, ReadOnlySpan<(string Name, string Value)> wanted)
    {
        var seriesLabels = family.Table.LabelsOf(series);
        if (wanted.Length != seriesLabels.Length + (sample.Bound < 0 ? 0 : 1))
        {
            return false;
        }

        foreach (var label in wanted)
        {
            var found = false;
            if (sample.Bound >= 0 && label.Name == sample.BoundLabel)
            {
                found = label.Value == family.Table.BoundText(sample.Bound);
            }
            else
            {
                foreach (var stored in seriesLabels)
                {
                    found |= family.LabelName(stored) == label.Name && family.Table.ValueText(stored) == label.Value;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
