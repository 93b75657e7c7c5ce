using System.Buffers;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// The pool of the arrays a read of the store and its exposition need per family (fields, series, samples), reused
/// from scrape to scrape. Not <see cref="ArrayPool{T}.Shared"/>: it keeps an array per thread, and a scrape's
/// continuations move between threads, so arrays of megabytes were allocated again on most scrapes and kept once per
/// thread (<c>Scrape_200k_Series_Redis</c>). This pool has no per-thread part and keeps at most a few arrays of each size
/// for the process: a scrape of the largest family leaves its arrays here for the next.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal static class ReadArrays<T>
{
    /// <summary>The pool.</summary>
    public static ArrayPool<T> Pool { get; } = ArrayPool<T>.Create(maxArrayLength: 1 << 30, maxArraysPerBucket: 4);

    /// <summary>Rents an array at least <paramref name="needed"/> long holding <paramref name="array"/>'s items, and returns the old one.</summary>
    public static void Grow(ref T[] array, int needed)
    {
        if (needed <= array.Length)
        {
            return;
        }

        var larger = Pool.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan().CopyTo(larger);
        Return(array);
        array = larger;
    }

    /// <summary>Returns <paramref name="array"/> unless it is the empty one.</summary>
    public static void Return(T[] array)
    {
        if (array.Length > 0)
        {
            Pool.Return(array);
        }
    }
}
