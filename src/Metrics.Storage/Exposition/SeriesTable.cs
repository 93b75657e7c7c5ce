using System.Numerics;
using System.Text;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// The series of one family in a few arrays rented from <see cref="ReadArrays{T}"/>, instead of objects per series: label values
/// as UTF-8 in one byte buffer, and labels, series and samples as structs. A family of 200 000 series costs these
/// arrays, reused from scrape to scrape, not a million objects for the garbage collector to trace and promote.
/// Label names, bounds (<c>le</c> and <c>quantile</c> values) and sample extras are few and kept in lists. Dispose returns the arrays; every
/// <see cref="FamilySnapshot"/> over the table is unusable after that.
/// </summary>
internal sealed class SeriesTable : IDisposable
{
    private readonly List<string> _names = [];
    private readonly List<byte[]> _utf8Names = [];
    private readonly List<string> _boundTexts = [];
    private readonly List<double> _boundValues = [];
    private readonly List<SampleExtras> _extras = [];
    private readonly List<int[]> _orders = [];
    private Dictionary<string, int>? _namesByText;

    private byte[] _values;
    private int _valueLength;
    private TableLabel[] _labels;
    private int _labelCount;
    private TableSeries[] _series;
    private int[] _seriesHashes;
    private int _seriesCount;
    private TableSample[] _samples = [];
    private int _sampleCount;
    private int[] _slots;
    private int _slotMask;
    private INativeHistogram?[]? _native;
    private bool _disposed;

    /// <summary>Rents arrays for about <paramref name="expectedSeries"/> series of <paramref name="labelsPerSeries"/> labels (they grow past that).</summary>
    public SeriesTable(int expectedSeries, int labelsPerSeries = 1)
    {
        var series = Math.Max(expectedSeries, 4);
        var labels = series * Math.Max(labelsPerSeries, 1);
        _values = ReadArrays<byte>.Pool.Rent(labels * 16);
        _labels = ReadArrays<TableLabel>.Pool.Rent(labels);
        _series = ReadArrays<TableSeries>.Pool.Rent(series);
        _seriesHashes = ReadArrays<int>.Pool.Rent(series);
        _slots = RentSlots(series, out _slotMask);
    }

    /// <summary>The label names by id.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>How many series the table holds.</summary>
    public int SeriesCount => _seriesCount;

    /// <summary>How many samples the table holds.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>The series by id.</summary>
    public ReadOnlySpan<TableSeries> Series => Live()._series.AsSpan(0, _seriesCount);

    /// <summary>The labels of a series, in output order.</summary>
    public ReadOnlySpan<TableLabel> LabelsOf(in TableSeries series) => Live()._labels.AsSpan(series.FirstLabel, series.LabelCount);

    /// <summary>The samples of a series, in output order.</summary>
    public ReadOnlySpan<TableSample> SamplesOf(in TableSeries series) => Live()._samples.AsSpan(series.FirstSample, series.SampleCount);

    /// <summary>A label's value as UTF-8.</summary>
    public ReadOnlySpan<byte> ValueOf(TableLabel label) => Live()._values.AsSpan(label.Start, label.Length);

    /// <summary>A label's value as text.</summary>
    public string ValueText(TableLabel label) => Encoding.UTF8.GetString(ValueOf(label));

    /// <summary>The text of bound <paramref name="bound"/>: a bucket's <c>le</c> as stored (<c>0.005</c>, <c>1.0</c>, <c>+Inf</c>), or a quantile.</summary>
    public string BoundText(int bound) => _boundTexts[bound];

    /// <summary>The numeric value of bound <paramref name="bound"/>; NaN when it is not a number.</summary>
    public double BoundValue(int bound) => _boundValues[bound];

    /// <summary>The timestamp or exemplar of a sample; null when it has none.</summary>
    public SampleExtras? ExtrasOf(in TableSample sample) => sample.Extras < 0 ? null : _extras[sample.Extras];

    /// <summary>A native histogram's buckets, count and sum by series id; null when the series has none.</summary>
    public INativeHistogram? NativeOf(int series) => _native is { } native && series < native.Length ? native[series] : null;

    /// <summary>The id of label name <paramref name="name"/>, added when new.</summary>
    public int NameId(string name)
    {
        var id = FindName(name);
        return id >= 0 ? id : AddName(name, Encoding.UTF8.GetBytes(name));
    }

    /// <summary>The id of the label name whose UTF-8 is <paramref name="utf8"/>, added when new.</summary>
    public int NameId(ReadOnlySpan<byte> utf8)
    {
        if (_namesByText is null)
        {
            for (var i = 0; i < _utf8Names.Count; i++)
            {
                if (utf8.SequenceEqual(_utf8Names[i]))
                {
                    return i;
                }
            }

            return AddName(Encoding.UTF8.GetString(utf8), utf8.ToArray());
        }

        var name = Encoding.UTF8.GetString(utf8);
        return _namesByText.TryGetValue(name, out var id) ? id : AddName(name, utf8.ToArray());
    }

    /// <summary>
    /// The id of the bound whose text is <paramref name="utf8"/>, added when new; -1 when the table already
    /// tells <see cref="TableSample.MaxBounds"/> bounds apart.
    /// </summary>
    public int BoundId(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _boundTexts.Count; i++)
        {
            if (Utf8Equals(utf8, _boundTexts[i]))
            {
                return i;
            }
        }

        return AddBound(Encoding.UTF8.GetString(utf8));
    }

    /// <summary>The id of the bound written <paramref name="text"/>, added when new (-1 as for <see cref="BoundId(ReadOnlySpan{byte})"/>).</summary>
    public int BoundId(string text)
    {
        var id = _boundTexts.IndexOf(text);
        return id >= 0 ? id : AddBound(text);
    }

    /// <summary>Keeps a sample's timestamp or exemplar; returns its id for <see cref="TableSample.Extras"/>.</summary>
    public int AddExtras(SampleExtras extras)
    {
        _extras.Add(extras);
        return _extras.Count - 1;
    }

    /// <summary>Attaches native histogram totals to series <paramref name="series"/>.</summary>
    public void SetNative(int series, INativeHistogram native)
    {
        _native ??= new INativeHistogram?[Math.Max(_seriesCount, series + 1)];
        if (series >= _native.Length)
        {
            Array.Resize(ref _native, Math.Max(series + 1, _native.Length * 2));
        }

        _native[series] = native;
    }

    /// <summary>Where the labels and values of the next series start, for <see cref="EndSeries"/> or <see cref="Rollback"/>.</summary>
    public (int Labels, int Values) Mark() => (_labelCount, _valueLength);

    /// <summary>Room for a value of at most <paramref name="maxLength"/> bytes at the end of the value bytes; <see cref="CommitValue"/> keeps what was written.</summary>
    public Span<byte> ReserveValue(int maxLength)
    {
        ReadArrays<byte>.Grow(ref _values, _valueLength + maxLength);
        return _values.AsSpan(_valueLength, maxLength);
    }

    /// <summary>Keeps <paramref name="length"/> bytes written into <see cref="ReserveValue"/>; returns where they start.</summary>
    public int CommitValue(int length)
    {
        var start = _valueLength;
        _valueLength += length;
        return start;
    }

    /// <summary>Appends a label of the series being added.</summary>
    public void AddLabel(TableLabel label)
    {
        ReadArrays<TableLabel>.Grow(ref _labels, _labelCount + 1);
        _labels[_labelCount++] = label;
    }

    /// <summary>
    /// Ends the series whose labels were added since <paramref name="mark"/>: the id of a series added before that names
    /// the same series (its labels and values rolled back), or of the new one. A label with an empty value is no label,
    /// as in Prometheus: <c>{a=""}</c> and <c>{}</c> are one series, written as first added.
    /// </summary>
    public int EndSeries((int Labels, int Values) mark)
    {
        var labels = _labels.AsSpan(mark.Labels, _labelCount - mark.Labels);
        var hash = Hash(labels);
        var slot = hash & _slotMask;
        for (; _slots[slot] != 0; slot = (slot + 1) & _slotMask)
        {
            var existing = _slots[slot] - 1;
            if (_seriesHashes[existing] == hash && SameLabels(LabelsOfUnchecked(existing), labels))
            {
                Rollback(mark);
                return existing;
            }
        }

        var id = AddSeries(mark);
        _seriesHashes[id] = hash;
        _slots[slot] = id + 1;
        if (_seriesCount * 2 > _slotMask)
        {
            Rehash();
        }

        return id;
    }

    /// <summary>Ends the series whose labels were added since <paramref name="mark"/> as a new one, whatever was added before.</summary>
    public int AddSeries((int Labels, int Values) mark)
    {
        ReadArrays<TableSeries>.Grow(ref _series, _seriesCount + 1);
        ReadArrays<int>.Grow(ref _seriesHashes, _seriesCount + 1);
        _series[_seriesCount] = new TableSeries(mark.Labels, _labelCount - mark.Labels, 0, 0);
        return _seriesCount++;
    }

    /// <summary>Drops the labels and values added since <paramref name="mark"/>.</summary>
    public void Rollback((int Labels, int Values) mark)
    {
        _labelCount = mark.Labels;
        _valueLength = mark.Values;
    }

    /// <summary>
    /// Rents the samples array for <paramref name="count"/> samples, to be filled grouped by series (see
    /// <see cref="SetSamples"/>).
    /// </summary>
    public Span<TableSample> RentSamples(int count)
    {
        ReadArrays<TableSample>.Return(_samples);
        _samples = ReadArrays<TableSample>.Pool.Rent(Math.Max(count, 1));
        _sampleCount = count;
        return _samples.AsSpan(0, count);
    }

    /// <summary>Sets where the samples of series <paramref name="series"/> are.</summary>
    public void SetSamples(int series, int first, int count) =>
        _series[series] = _series[series] with { FirstSample = first, SampleCount = count };

    /// <summary>A pooled array of <paramref name="length"/> series ids, returned with the table.</summary>
    public int[] RentOrder(int length)
    {
        var order = ReadArrays<int>.Pool.Rent(Math.Max(length, 1));
        _orders.Add(order);
        return order;
    }

    /// <summary>
    /// Compares two series in output order: label values first (ordinal, as .NET orders strings), then label names, then
    /// the number of labels.
    /// </summary>
    public int Compare(int x, int y)
    {
        var left = LabelsOfUnchecked(x);
        var right = LabelsOfUnchecked(y);
        var common = Math.Min(left.Length, right.Length);
        for (var i = 0; i < common; i++)
        {
            var order = Utf16Order.Compare(ValueOf(left[i]), ValueOf(right[i]));
            if (order != 0)
            {
                return order;
            }
        }

        for (var i = 0; i < common; i++)
        {
            var order = string.CompareOrdinal(_names[left[i].Name], _names[right[i].Name]);
            if (order != 0)
            {
                return order;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReadArrays<byte>.Pool.Return(_values);
        ReadArrays<TableLabel>.Pool.Return(_labels);
        ReadArrays<TableSeries>.Pool.Return(_series);
        ReadArrays<int>.Pool.Return(_seriesHashes);
        ReadArrays<int>.Pool.Return(_slots);
        ReadArrays<TableSample>.Return(_samples);
        foreach (var order in _orders)
        {
            ReadArrays<int>.Pool.Return(order);
        }

        _values = [];
        _labels = [];
        _series = [];
        _samples = [];
        _orders.Clear();
    }

    private SeriesTable Live()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return this;
    }

    private ReadOnlySpan<TableLabel> LabelsOfUnchecked(int series) =>
        _labels.AsSpan(_series[series].FirstLabel, _series[series].LabelCount);

    /// <summary>True when both label sets name one series: equal once labels with an empty value are left out.</summary>
    private bool SameLabels(ReadOnlySpan<TableLabel> x, ReadOnlySpan<TableLabel> y)
    {
        var i = 0;
        var j = 0;
        while (true)
        {
            while (i < x.Length && x[i].Length == 0)
            {
                i++;
            }

            while (j < y.Length && y[j].Length == 0)
            {
                j++;
            }

            if (i == x.Length || j == y.Length)
            {
                return i == x.Length && j == y.Length;
            }

            if (x[i].Name != y[j].Name || !ValueOf(x[i]).SequenceEqual(ValueOf(y[j])))
            {
                return false;
            }

            i++;
            j++;
        }
    }

    private int Hash(ReadOnlySpan<TableLabel> labels)
    {
        var hash = default(HashCode);
        foreach (var label in labels)
        {
            if (label.Length > 0)
            {
                hash.Add(label.Name);
                hash.AddBytes(_values.AsSpan(label.Start, label.Length));
            }
        }

        return hash.ToHashCode() & int.MaxValue;
    }

    private void Rehash()
    {
        ReadArrays<int>.Pool.Return(_slots);
        _slots = RentSlots(_seriesCount, out _slotMask);
        for (var id = 0; id < _seriesCount; id++)
        {
            var slot = _seriesHashes[id] & _slotMask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _slotMask;
            }

            _slots[slot] = id + 1;
        }
    }

    private int FindName(string name)
    {
        if (_namesByText is not null)
        {
            return _namesByText.TryGetValue(name, out var id) ? id : -1;
        }

        return _names.IndexOf(name);
    }

    private int AddName(string name, byte[] utf8)
    {
        _names.Add(name);
        _utf8Names.Add(utf8);

        // A few names are found fastest by comparing bytes; a family with many (foreign data) gets a dictionary.
        if (_namesByText is null && _names.Count > 16)
        {
            _namesByText = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _names.Count; i++)
            {
                _namesByText.TryAdd(_names[i], i);
            }
        }
        else
        {
            _namesByText?.TryAdd(name, _names.Count - 1);
        }

        return _names.Count - 1;
    }

    private int AddBound(string text)
    {
        if (_boundTexts.Count > TableSample.MaxBounds)
        {
            // More bounds than a sample can name: foreign data, left out as a bad histogram.
            return -1;
        }

        _boundTexts.Add(text);
        _boundValues.Add(BucketBound.TryParse(text, out var bound) ? bound : double.NaN);
        return _boundTexts.Count - 1;
    }

    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        if (Ascii.IsValid(text))
        {
            return Ascii.Equals(utf8, text);
        }

        return utf8.SequenceEqual(Encoding.UTF8.GetBytes(text));
    }

    // A power of two at least twice the series, so probes stay short; slot values are series id + 1, 0 for empty.
    private static int[] RentSlots(int series, out int mask)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(series, 4) * 2);
        var slots = ReadArrays<int>.Pool.Rent(size);
        slots.AsSpan(0, size).Clear();
        mask = size - 1;
        return slots;
    }
}
