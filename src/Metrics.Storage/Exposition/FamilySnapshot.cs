using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// A family ready to write: type resolved, series parsed, checked and in output order (by label values), held in a
/// <see cref="SeriesTable"/>. Its name, type, help and counts stay readable after the table was released, which is all
/// the rules between families (<see cref="SampleNameClaims"/>, <see cref="NameEscaper"/>) need.
/// </summary>
internal sealed class FamilySnapshot
{
    private readonly int[] _order;
    private readonly string[] _labelNames;
    private readonly EscapedFamily?[] _escaped = new EscapedFamily?[Enum.GetValues<NameEscapingScheme>().Length];

    /// <summary>A family over <paramref name="table"/>.</summary>
    /// <param name="name">
    /// The family name (a counter's name without <c>_total</c>). For <see cref="MetricType.Unknown"/> it is the full
    /// sample name and every sample has an empty suffix.
    /// </param>
    /// <param name="type">The declared or inferred type.</param>
    /// <param name="help">The help text, or null when no metadata was stored (no HELP line is written).</param>
    /// <param name="table">The series.</param>
    /// <param name="labelNames">The label names by id, as written (escaped names in an escaped family).</param>
    /// <param name="order">The ids of the series to write, in output order (the first <paramref name="seriesCount"/>).</param>
    /// <param name="seriesCount">How many series are written.</param>
    public FamilySnapshot(
        string name, MetricType type, string? help, SeriesTable table, string[] labelNames, int[] order, int seriesCount)
    {
        Name = name;
        Type = type;
        Help = help;
        Table = table;
        _labelNames = labelNames;
        _order = order;
        SeriesCount = seriesCount;
        for (var i = 0; i < seriesCount; i++)
        {
            SampleCount += table.Series[order[i]].SampleCount;
        }
    }

    /// <summary>
    /// A family of the given series in the given order (a collector's, whose label sets are distinct), in a table of its own.
    /// </summary>
    public static FamilySnapshot FromSeries(string name, MetricType type, string? help, IReadOnlyList<SeriesSnapshot> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var table = new SeriesTable(series.Count);
        var samples = table.RentSamples(series.Sum(static s => s.Samples.Count));
        var order = table.RentOrder(series.Count);
        var next = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var mark = table.Mark();
            foreach (var (label, value) in series[i].Labels)
            {
                var bytes = table.ReserveValue(Encoding.UTF8.GetMaxByteCount(value.Length));
                var length = Encoding.UTF8.GetBytes(value, bytes);
                table.AddLabel(new TableLabel(table.NameId(label), table.CommitValue(length), length));
            }

            order[i] = table.AddSeries(mark);
            table.SetSamples(order[i], next, series[i].Samples.Count);
            foreach (var sample in series[i].Samples)
            {
                samples[next++] = new TableSample(
                    sample.Value,
                    (byte)FamilyShape.SuffixId(sample.Suffix),
                    sample.Bound is { } le ? table.BoundId(le) : -1,
                    sample.Extras is { } extras ? table.AddExtras(extras) : -1);
            }
        }

        return new FamilySnapshot(name, type, help, table, [.. table.Names], order, series.Count);
    }

    /// <inheritdoc cref="FamilySnapshot(string, MetricType, string?, SeriesTable, string[], int[], int)" path="/param[@name='name']"/>
    public string Name { get; }

    /// <summary>The declared or inferred type.</summary>
    public MetricType Type { get; }

    /// <summary>The help text, or null when no metadata was stored (no HELP line is written).</summary>
    public string? Help { get; }

    /// <summary>How many series are written.</summary>
    public int SeriesCount { get; }

    /// <summary>How many samples the series hold together.</summary>
    public long SampleCount { get; }

    /// <summary>The table the series are in.</summary>
    public SeriesTable Table { get; }

    /// <summary>Every sample name this family writes in either format, and its own name.</summary>
    public string[] ClaimedNames => FamilyShape.ClaimedNames(Name, Type);

    /// <summary>The label names by id (<see cref="TableLabel.Name"/>).</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>The id in <see cref="Table"/> of the series written <paramref name="index"/>th.</summary>
    public int SeriesId(int index) => _order[index];

    /// <summary>The series written <paramref name="index"/>th.</summary>
    public TableSeries Series(int index) => Table.Series[_order[index]];

    /// <summary>The family with names escaped by <paramref name="scheme"/>, computed once (see <see cref="NameEscaper.Escape(FamilySnapshot, NameEscapingScheme)"/>).</summary>
    public EscapedFamily Escaped(NameEscapingScheme scheme) =>
        _escaped[(int)scheme] ??= NameEscaper.Escape(this, scheme);

    /// <summary>The same series under another name and label names (an escaped family).</summary>
    public FamilySnapshot Renamed(string name, string[] labelNames) =>
        new(name, Type, Help, Table, labelNames, _order, SeriesCount);

    /// <summary>Some of the series (ids in <paramref name="order"/>) under another name and label names (an escaped family).</summary>
    public FamilySnapshot With(string name, string[] labelNames, int[] order, int seriesCount) =>
        new(name, Type, Help, Table, labelNames, order, seriesCount);

    /// <summary>The label name of <paramref name="label"/> as written.</summary>
    public string LabelName(TableLabel label) => _labelNames[label.Name];

    /// <summary>The native histogram totals of the series written <paramref name="index"/>th; null when it has none.</summary>
    public INativeHistogram? Native(int index) => Table.NativeOf(_order[index]);
}
