using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Resolves a family's stored labels JSON texts to series of a <see cref="SeriesTable"/>: labels in output order —
/// declared names first in declared order, then undeclared ones in stored (sorted) order — with a histogram's
/// <c>le</c> taken out, and texts naming the same label set joined into one series (an empty label value counts as no
/// label, as in Prometheus; see <see cref="SeriesTable.EndSeries"/>). The JSON is read as UTF-8 with
/// <see cref="Utf8JsonReader"/>, which accepts exactly what <see cref="LabelJson.Parse"/> accepts, and values go
/// into the table's bytes unescaped, without a string per value. Each field's text is read (a cache of texts by
/// series cost more memory, for a 200 000-series counter, than reading each field's 30 bytes again saves).
/// </summary>
internal sealed class FamilySeriesIndex
{
    // Names up to this many bytes are unescaped on the stack.
    private const int StackName = 256;

    private readonly SeriesTable _table;
    private readonly bool _splitLe;
    private readonly LabelRules _rules;
    private readonly int[] _declared;
    private readonly List<SkipReason?> _refused = [];
    private readonly List<TableLabel> _scratch = [];

    /// <summary>An index adding series to <paramref name="table"/>.</summary>
    /// <param name="table">The family's table.</param>
    /// <param name="declaredOrder">The label names from metadata, or null to keep the stored order.</param>
    /// <param name="splitLe">True for a histogram: <c>le</c> is taken out of the labels into the bucket bound.</param>
    /// <param name="rules">Which label names the family may show.</param>
    public FamilySeriesIndex(SeriesTable table, IReadOnlyList<string>? declaredOrder, bool splitLe, LabelRules rules)
    {
        _table = table;
        _splitLe = splitLe;
        _rules = rules;
        _declared = [.. (declaredOrder ?? []).Select(table.NameId)];
    }

    /// <summary>
    /// Resolves the labels JSON of a field (from <paramref name="jsonStart"/> of its name) to its series and, for a
    /// histogram, its bucket bound (<paramref name="le"/>, -1 when it has none); false, with the reason, when it is not a
    /// flat JSON object of string values with valid, distinct label names that <see cref="LabelRules"/> allow.
    /// </summary>
    public bool TryGet(in StoredSample field, int jsonStart, out int series, out int le, out SkipReason reason)
    {
        (series, le, reason) = field.IsUtf8 ? ResolveUtf8(field.Utf8Subkey[jsonStart..]) : ResolveText(field.Subkey.AsSpan(jsonStart));
        return series >= 0;
    }

    /// <summary>Resolves a labels JSON text, as <see cref="TryGet(in StoredSample, int, out int, out int, out SkipReason)"/> does.</summary>
    public bool TryGet(string json, out int series, out int le, out SkipReason reason)
    {
        (series, le, reason) = ResolveText(json);
        return series >= 0;
    }

    /// <summary>Well-formed UTF-8 is read as it is; anything else as the text it decodes to, as a string would hold it.</summary>
    private (int Series, int Le, SkipReason Reason) ResolveUtf8(ReadOnlySpan<byte> json) =>
        Utf8.IsValid(json) ? Resolve(json) : ResolveText(Encoding.UTF8.GetString(json));

    private (int Series, int Le, SkipReason Reason) ResolveText(ReadOnlySpan<char> json)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return Resolve(utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, utf8)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private (int Series, int Le, SkipReason Reason) Resolve(ReadOnlySpan<byte> json)
    {
        var mark = _table.Mark();
        if (!TryRead(json))
        {
            _table.Rollback(mark);
            return (-1, -1, SkipReason.UnparsableField);
        }

        var leIndex = -1;
        for (var i = 0; i < _scratch.Count; i++)
        {
            var name = _scratch[i].Name;
            if (_table.Names[name].Length == 0 || IndexOf(name) != i)
            {
                _table.Rollback(mark);
                return (-1, -1, SkipReason.UnparsableField);
            }

            if (_splitLe && _table.Names[name] == FamilyShape.Le)
            {
                leIndex = i;
            }
            else if (Refused(name) is { } refused)
            {
                _table.Rollback(mark);
                return (-1, -1, refused);
            }
        }

        var le = leIndex < 0 ? -1 : _table.BoundId(_table.ValueOf(_scratch[leIndex]));
        AddInOutputOrder(leIndex);
        return (_table.EndSeries(mark), le, default);
    }

    /// <summary>Reads a flat JSON object of string values into <see cref="_scratch"/>, values into the table's bytes.</summary>
    private bool TryRead(ReadOnlySpan<byte> json)
    {
        _scratch.Clear();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = NameId(ref reader);
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var value = _table.ReserveValue(reader.ValueSpan.Length);
                var length = reader.ValueIsEscaped ? reader.CopyString(value) : Copy(reader.ValueSpan, value);
                _scratch.Add(new TableLabel(name, _table.CommitValue(length), length));
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            return false;
        }
    }

    private int NameId(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return _table.NameId(reader.ValueSpan);
        }

        var length = reader.ValueSpan.Length;
        var rented = length > StackName ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var name = rented ?? stackalloc byte[StackName];
            return _table.NameId(name[..reader.CopyString(name)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private SkipReason? Refused(int name)
    {
        while (_refused.Count <= name)
        {
            _refused.Add(_rules.Check(_table.Names[_refused.Count]));
        }

        return _refused[name];
    }

    /// <summary>Adds the labels read, without <c>le</c>, to the table: declared names in declared order, then the rest as stored.</summary>
    private void AddInOutputOrder(int leIndex)
    {
        var count = _scratch.Count;
        Span<bool> taken = count <= 64 ? stackalloc bool[count] : new bool[count];
        if (leIndex >= 0)
        {
            taken[leIndex] = true;
        }

        foreach (var declared in _declared)
        {
            var index = IndexOf(declared);
            if (index >= 0 && !taken[index])
            {
                taken[index] = true;
                _table.AddLabel(_scratch[index]);
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (!taken[i])
            {
                _table.AddLabel(_scratch[i]);
            }
        }
    }

    private int IndexOf(int name)
    {
        for (var i = 0; i < _scratch.Count; i++)
        {
            if (_scratch[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
