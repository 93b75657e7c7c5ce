namespace Prometheus.Distributed.Exposition;

/// <summary>
/// The layout of one exposition format: the family header, the series lines and the end of the body. Sample lines
/// (<c>name{labels} value</c>) are the same in both formats.
/// </summary>
internal abstract class ExpositionFormatWriter
{
    /// <summary>Writes the HELP/TYPE lines of <paramref name="family"/>.</summary>
    public abstract void WriteFamilyHeader(Utf8OutputBuffer buffer, FamilySnapshot family);

    /// <summary>Writes the sample lines of one series of <paramref name="family"/>.</summary>
    public abstract void WriteSeries(Utf8OutputBuffer buffer, FamilySnapshot family, SeriesSnapshot series);

    /// <summary>Writes whatever closes the body.</summary>
    public abstract void WriteEnd(Utf8OutputBuffer buffer);

    /// <summary>Writes whatever follows the series of <paramref name="family"/>; nothing by default.</summary>
    public virtual void WriteFamilyEnd(Utf8OutputBuffer buffer, FamilySnapshot family)
    {
    }

    /// <summary>
    /// Writes <c>{family}{suffix}{labels[,le or quantile]} {value}</c>, then the sample's extras (<see cref="WriteExtras"/>) and
    /// a newline; no braces when there are no labels. A name outside the legacy set goes quoted inside the braces
    /// (<c>{"my.metric",code="200"} 1</c>), as the UTF-8 syntax of both formats (and prometheus/common's expfmt) has it.
    /// </summary>
    protected void WriteSample(Utf8OutputBuffer buffer, string familyName, SeriesSnapshot series, SampleSnapshot sample)
    {
        var quoted = !ExpositionNames.IsValidMetricName(familyName, sample.Suffix);
        if (!quoted)
        {
            buffer.Write(familyName);
            buffer.Write(sample.Suffix);
        }

        var labels = series.Labels;
        if (quoted || labels.Count > 0 || sample.Bound is not null)
        {
            buffer.Write((byte)'{');
            if (quoted)
            {
                buffer.WriteMetricName(familyName, sample.Suffix);
            }

            for (var i = 0; i < labels.Count; i++)
            {
                if (i > 0 || quoted)
                {
                    buffer.Write((byte)',');
                }

                WriteLabel(buffer, labels[i].Key, labels[i].Value);
            }

            if (sample.Bound is not null)
            {
                if (labels.Count > 0 || quoted)
                {
                    buffer.Write((byte)',');
                }

                WriteLabel(buffer, sample.BoundLabel, sample.Bound);
            }

            buffer.Write((byte)'}');
        }

        buffer.Write((byte)' ');
        buffer.WriteValue(sample.Value);
        if (sample.Extras is { } extras)
        {
            WriteExtras(buffer, extras);
        }

        buffer.Write((byte)'\n');
    }

    /// <summary>Writes a collector sample's timestamp and exemplar, each preceded by a space, as the format spells them.</summary>
    protected abstract void WriteExtras(Utf8OutputBuffer buffer, SampleExtras extras);

    /// <summary>Writes <c>{name="value",...}</c>, values escaped.</summary>
    protected static void WriteLabelSet(Utf8OutputBuffer buffer, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        buffer.Write((byte)'{');
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write((byte)',');
            }

            WriteLabel(buffer, labels[i].Key, labels[i].Value);
        }

        buffer.Write((byte)'}');
    }

    /// <summary>The TYPE keyword both formats share; empty for the one they spell differently (unknown/untyped).</summary>
    protected static ReadOnlySpan<byte> CommonTypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter"u8,
        MetricType.Gauge => "gauge"u8,
        MetricType.Histogram => "histogram"u8,
        MetricType.Summary => "summary"u8,
        _ => [],
    };

    private static void WriteLabel(Utf8OutputBuffer buffer, string name, string value)
    {
        buffer.WriteLabelName(name);
        buffer.Write("=\""u8);
        buffer.WriteEscaped(value, escapeQuote: true);
        buffer.Write((byte)'"');
    }
}
