using System.Buffers;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// What the two text formats share: sample lines (<c>name{labels} value</c>), written from a family's table with the
/// name and label name bytes of each family prepared once, and label values copied from the table's UTF-8.
/// </summary>
internal abstract class TextFormatWriter : ExpositionFormatWriter
{
    /// <inheritdoc />
    public override void WriteFamily(IBufferWriter<byte> output, FamilySnapshot family)
    {
        var cursor = new OutputCursor(output);
        var lines = new SampleLines(family);
        WriteFamilyHeader(ref cursor, family);
        for (var i = 0; i < family.SeriesCount; i++)
        {
            WriteSeries(ref cursor, lines, i);
        }

        WriteFamilyEnd(ref cursor, lines);
        cursor.Commit();
    }

    /// <summary>Writes the HELP/TYPE lines of <paramref name="family"/>.</summary>
    protected abstract void WriteFamilyHeader(ref OutputCursor cursor, FamilySnapshot family);

    /// <summary>Writes the sample lines of the series written <paramref name="index"/>th.</summary>
    protected abstract void WriteSeries(ref OutputCursor cursor, SampleLines lines, int index);

    /// <summary>Writes whatever follows the series of a family; nothing by default.</summary>
    protected virtual void WriteFamilyEnd(ref OutputCursor cursor, SampleLines lines)
    {
    }

    /// <summary>Writes a collector sample's timestamp and exemplar, each preceded by a space, as the format spells them.</summary>
    protected abstract void WriteExtras(ref OutputCursor cursor, SampleExtras extras);

    /// <summary>
    /// Writes <c>{family}{suffix}{labels[,le or quantile]} {value}</c>, then the sample's extras (<see cref="WriteExtras"/>) and a
    /// newline; no braces when there are no labels. A name outside the legacy set goes quoted inside the braces
    /// (<c>{"my.metric",code="200"} 1</c>), as the UTF-8 syntax of both formats (and prometheus/common's expfmt) has it.
    /// </summary>
    protected void WriteSample(ref OutputCursor cursor, SampleLines lines, in TableSeries series, in TableSample sample)
    {
        var table = lines.Family.Table;
        var quoted = lines.IsQuoted(sample.Suffix);
        cursor.Write(lines.Head(sample.Suffix));
        var labels = table.LabelsOf(series);
        var any = quoted || labels.Length > 0 || sample.Bound >= 0;
        if (any && !quoted)
        {
            cursor.Write((byte)'{');
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0 || quoted)
            {
                cursor.Write((byte)',');
            }

            cursor.Write(lines.LabelStart(labels[i].Name));
            cursor.WriteEscaped(table.ValueOf(labels[i]));
            cursor.Write((byte)'"');
        }

        if (sample.Bound >= 0)
        {
            if (labels.Length > 0 || quoted)
            {
                cursor.Write((byte)',');
            }

            cursor.Write(sample.Suffix == 0 ? "quantile=\""u8 : "le=\""u8);
            cursor.WriteEscaped(table.BoundText(sample.Bound), escapeQuote: true);
            cursor.Write((byte)'"');
        }

        cursor.Write(any ? "} "u8 : " "u8);
        cursor.WriteValue(sample.Value);
        if (table.ExtrasOf(sample) is { } extras)
        {
            WriteExtras(ref cursor, extras);
        }

        cursor.Write((byte)'\n');
    }

    /// <summary>Writes <c>{name="value",...}</c>, values escaped.</summary>
    protected static void WriteLabelSet(ref OutputCursor cursor, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        cursor.Write((byte)'{');
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                cursor.Write((byte)',');
            }

            cursor.WriteLabelName(labels[i].Key);
            cursor.Write("=\""u8);
            cursor.WriteEscaped(labels[i].Value, escapeQuote: true);
            cursor.Write((byte)'"');
        }

        cursor.Write((byte)'}');
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
}
