using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// An append-only list kept in segments below the large object heap (85 000 bytes), however many items it holds:
/// a family of many fields read on every scrape then never costs a full garbage collection, as one large array (or a
/// list doubling through several) would.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class SegmentedList<T> : IReadOnlyList<T>
{
    private const int MaxSegmentBytes = 64 * 1024;

    // Items per segment: the largest power of two whose array holds at most 64 KB.
    private static readonly int SegmentLength =
        (int)(BitOperations.RoundUpToPowerOf2((uint)(MaxSegmentBytes / Unsafe.SizeOf<T>()) + 1) / 2);

    private readonly List<T[]> _segments = [];
    private int _count;

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _segments[index / SegmentLength][index % SegmentLength];
        }
    }

    /// <summary>Appends an item.</summary>
    public void Add(T item)
    {
        var offset = _count % SegmentLength;
        if (offset == 0)
        {
            _segments.Add(new T[SegmentLength]);
        }

        _segments[^1][offset] = item;
        _count++;
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
