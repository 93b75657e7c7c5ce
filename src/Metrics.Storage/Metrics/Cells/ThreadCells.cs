using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.Metrics.Cells;

/// <summary>
/// The cells behind <see cref="PerThreadCount"/> and <see cref="PerThreadSum"/>, one set per
/// <typeparamref name="TArithmetic"/>. Each count or sum owns slot numbers for the life of the process; each thread
/// that adds owns pages of <see cref="PageSize"/> cells, indexed by slot, that only it writes. An add is therefore a
/// thread-static read and a plain add to a cache line no other thread writes: no atomic instruction, and no contention
/// however many threads update one series. A sum reads one cell per thread. When a thread that added has ended, its
/// cells are folded into the retired pages (at the next thread's first add), so ended threads hold no memory beyond
/// that and what they added is never lost.
/// </summary>
/// <typeparam name="TArithmetic">How a cell's 64 bits add up: as an integer or as a double.</typeparam>
internal static class ThreadCells<TArithmetic>
    where TArithmetic : struct, ICellArithmetic
{
    private const int PageShift = 10;
    private const int PageSize = 1 << PageShift;
    private const int CellMask = PageSize - 1;

    private static readonly Lock Registration = new();
    private static int lastSlot = -1;
    private static Snapshot current = new([], []);

    [ThreadStatic]
    private static long[]?[]? threadPages;

    [ThreadStatic]
    private static Writer? threadWriter;

    /// <summary>The first of <paramref name="count"/> consecutive new slots, never handed out before.</summary>
    public static int NewSlots(int count)
    {
        var last = Interlocked.Add(ref lastSlot, count);
        if (last < 0)
        {
            throw new InvalidOperationException("This process has created more than 2^31 series cells.");
        }

        return last - count + 1;
    }

    /// <summary>Adds <paramref name="amount"/> (64 bits as <typeparamref name="TArithmetic"/> reads them) to this thread's cell of <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(int slot, long amount)
    {
        var pages = threadPages;
        if (pages is not null && (uint)(slot >> PageShift) < (uint)pages.Length && pages[slot >> PageShift] is { } page)
        {
            ref var cell = ref page[slot & CellMask];
            Volatile.Write(ref cell, TArithmetic.Add(cell, amount));
            return;
        }

        AddFirst(slot, amount);
    }

    /// <summary>
    /// The sum of every thread's cell of <paramref name="slot"/>, ended threads' included: adds racing with it are
    /// either in it or in the next sum.
    /// </summary>
    public static long Sum(int slot)
    {
        var snapshot = Volatile.Read(ref current);
        var pageIndex = slot >> PageShift;
        var cellIndex = slot & CellMask;
        var total = Read(snapshot.Retired, pageIndex, cellIndex);
        foreach (var writer in snapshot.Writers)
        {
            total = TArithmetic.Add(total, Read(Volatile.Read(ref writer.Pages), pageIndex, cellIndex));
        }

        return total;
    }

    private static long Read(long[]?[] pages, int pageIndex, int cellIndex) =>
        pageIndex < pages.Length && Volatile.Read(ref pages[pageIndex]) is { } page ? Volatile.Read(ref page[cellIndex]) : 0;

    /// <summary>
    /// The first add of this thread in the page of <paramref name="slot"/>: registers the thread on its first add
    /// ever, adds the page, then adds. Allocates once per thread and page.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddFirst(int slot, long amount)
    {
        var writer = threadWriter ??= Register();
        var pageIndex = slot >> PageShift;
        var pages = writer.Pages;
        if (pageIndex >= pages.Length)
        {
            var grown = new long[]?[Math.Max(pageIndex + 1, pages.Length * 2)];
            Array.Copy(pages, grown, pages.Length);
            pages = grown;
        }

        pages[pageIndex] ??= new long[PageSize];
        Volatile.Write(ref writer.Pages, pages);
        threadPages = pages;
        Add(slot, amount);
    }

    /// <summary>Adds the calling thread to the writers, folding the cells of writers whose thread has ended.</summary>
    private static Writer Register()
    {
        var writer = new Writer(Thread.CurrentThread);
        lock (Registration)
        {
            var snapshot = current;
            var ended = snapshot.Writers.Where(w => !w.Thread.IsAlive).ToList();
            var retired = ended.Count == 0 ? snapshot.Retired : Fold(snapshot.Retired, ended);
            Volatile.Write(ref current, new Snapshot([.. snapshot.Writers.Except(ended), writer], retired));
        }

        return writer;
    }

    /// <summary>New retired pages: <paramref name="retired"/> plus the cells of <paramref name="ended"/>, copied on write.</summary>
    private static long[]?[] Fold(long[]?[] retired, List<Writer> ended)
    {
        var length = Math.Max(retired.Length, ended.Max(w => w.Pages.Length));
        var folded = new long[]?[length];
        for (var pageIndex = 0; pageIndex < length; pageIndex++)
        {
            var sources = ended.Select(w => pageIndex < w.Pages.Length ? w.Pages[pageIndex] : null).OfType<long[]>().ToList();
            var page = pageIndex < retired.Length ? retired[pageIndex] : null;
            if (sources.Count > 0)
            {
                page = page is null ? new long[PageSize] : (long[])page.Clone();
                foreach (var source in sources)
                {
                    for (var cell = 0; cell < PageSize; cell++)
                    {
                        page[cell] = TArithmetic.Add(page[cell], source[cell]);
                    }
                }
            }

            folded[pageIndex] = page;
        }

        return folded;
    }

    /// <summary>A thread that has added, and its pages (replaced, never shrunk, by that thread alone).</summary>
    private sealed class Writer(Thread thread)
    {
        public readonly Thread Thread = thread;
        public long[]?[] Pages = [];
    }

    /// <summary>The writers and the retired pages, swapped whole so a sum never counts an ended thread twice.</summary>
    private sealed record Snapshot(Writer[] Writers, long[]?[] Retired);
}
