using System.Collections;
using System.Text;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// The fields of one family as a store read them: names as UTF-8 in one buffer and (where, value) entries in another,
/// both from <see cref="ReadArrays{T}"/>, instead of an object per field name that lives as long as the family's build
/// and is promoted by the garbage collector meanwhile. Dispose returns the arrays; the samples read from the list are
/// views of them, valid until then.
/// </summary>
internal sealed class StoredFields : IReadOnlyList<StoredSample>, IDisposable
{
    // Bytes a field name is assumed to take when sizing the names buffer.
    private const int NameBytes = 32;

    private byte[] _names;
    private int _namesLength;
    private Field[] _fields;
    private int _count;

    /// <summary>Rents room for about <paramref name="expected"/> fields (it grows past that).</summary>
    public StoredFields(int expected = 16)
    {
        _names = ReadArrays<byte>.Pool.Rent(Math.Max(expected, 1) * NameBytes);
        _fields = ReadArrays<Field>.Pool.Rent(Math.Max(expected, 1));
    }

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public StoredSample this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            var field = _fields[index];
            return new StoredSample(_names, field.Start, field.Length, field.Value);
        }
    }

    /// <summary>Makes room for <paramref name="fields"/> fields in all, so that a family whose size the store knows grows its arrays once.</summary>
    public void EnsureCapacity(int fields)
    {
        ReadArrays<byte>.Grow(ref _names, fields * NameBytes);
        ReadArrays<Field>.Grow(ref _fields, fields);
    }

    /// <summary>Appends a field whose name is <paramref name="name"/> (UTF-8, copied).</summary>
    public void Add(ReadOnlySpan<byte> name, double value)
    {
        ObjectDisposedException.ThrowIf(_fields.Length == 0, this);
        ReadArrays<byte>.Grow(ref _names, _namesLength + name.Length);
        name.CopyTo(_names.AsSpan(_namesLength));
        ReadArrays<Field>.Grow(ref _fields, _count + 1);
        _fields[_count++] = new Field(_namesLength, name.Length, value);
        _namesLength += name.Length;
    }

    /// <summary>Appends a field whose name is <paramref name="name"/> (encoded as UTF-8).</summary>
    public void Add(string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_fields.Length == 0, this);
        ReadArrays<byte>.Grow(ref _names, _namesLength + Encoding.UTF8.GetMaxByteCount(name.Length));
        var length = Encoding.UTF8.GetBytes(name, _names.AsSpan(_namesLength));
        ReadArrays<Field>.Grow(ref _fields, _count + 1);
        _fields[_count++] = new Field(_namesLength, length, value);
        _namesLength += length;
    }

    /// <inheritdoc />
    public IEnumerator<StoredSample> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        ReadArrays<byte>.Return(_names);
        ReadArrays<Field>.Return(_fields);
        _names = [];
        _fields = [];
        _count = 0;
        _namesLength = 0;
    }

    private readonly record struct Field(int Start, int Length, double Value);
}
