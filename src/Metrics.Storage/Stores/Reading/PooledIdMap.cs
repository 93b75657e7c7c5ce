using System.Buffers;
using System.Numerics;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// A map from keys to integer ids held in an array rented from the shared pool (open addressing, linear probing):
/// a family of many series builds its lookup tables on every scrape without allocating them, where tables of
/// thousands of entries would land on the large object heap and cost a full garbage collection. Keys can be added,
/// not removed. Dispose returns the array.
/// </summary>
/// <remarks>Kept over <see cref="Dictionary{TKey, TValue}"/>: Scrape_10k_Series_InMemory and _Sqlite (issue 19 measured Dictionary slower by more than 10 %).</remarks>
/// <typeparam name="TKey">The key type.</typeparam>
internal sealed class PooledIdMap<TKey> : IDisposable
    where TKey : notnull
{
    private readonly IEqualityComparer<TKey> _comparer;
    private Slot[] _slots;
    private int _mask;
    private int _count;

    /// <summary>Rents a table for about <paramref name="capacity"/> keys (it grows past that).</summary>
    public PooledIdMap(IEqualityComparer<TKey> comparer, int capacity)
    {
        _comparer = comparer;
        _slots = Rent(TableSize(capacity), out _mask);
    }

    /// <summary>The id of <paramref name="key"/>; false when it was never added.</summary>
    public bool TryGetValue(TKey key, out int id)
    {
        var hash = _comparer.GetHashCode(key);
        for (var i = hash & _mask; _slots[i].Used; i = (i + 1) & _mask)
        {
            if (_slots[i].Hash == hash && _comparer.Equals(_slots[i].Key, key))
            {
                id = _slots[i].Id;
                return true;
            }
        }

        id = 0;
        return false;
    }

    /// <summary>Adds a key that is not in the map yet.</summary>
    public void Add(TKey key, int id)
    {
        if ((_count + 1) * 2 > _mask + 1)
        {
            Grow();
        }

        Insert(new Slot { Key = key, Hash = _comparer.GetHashCode(key), Id = id, Used = true });
        _count++;
    }

    /// <summary>Returns the table to the pool.</summary>
    public void Dispose()
    {
        if (_slots.Length > 0)
        {
            Return(_slots, _mask);
            _slots = [];
            _mask = -1;
            _count = 0;
        }
    }

    private void Insert(Slot slot)
    {
        var i = slot.Hash & _mask;
        while (_slots[i].Used)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = slot;
    }

    private void Grow()
    {
        var old = _slots;
        var oldMask = _mask;
        _slots = Rent((oldMask + 1) * 2, out _mask);
        foreach (var slot in old.AsSpan(0, oldMask + 1))
        {
            if (slot.Used)
            {
                Insert(slot);
            }
        }

        Return(old, oldMask);
    }

    // A power of two at least twice the keys, so probes stay short.
    private static int TableSize(int capacity) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 4) * 2);

    private static Slot[] Rent(int size, out int mask)
    {
        var slots = ArrayPool<Slot>.Shared.Rent(size);
        slots.AsSpan(0, size).Clear();
        mask = size - 1;
        return slots;
    }

    private static void Return(Slot[] slots, int mask)
    {
        slots.AsSpan(0, mask + 1).Clear();
        ArrayPool<Slot>.Shared.Return(slots);
    }

    private struct Slot
    {
        public TKey Key;
        public int Hash;
        public int Id;
        public bool Used;
    }
}
