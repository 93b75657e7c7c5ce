namespace Prometheus.Distributed.Metrics.Cells;

/// <summary>How the 64 bits of a <see cref="ThreadCells{TArithmetic}"/> cell add up.</summary>
internal interface ICellArithmetic
{
    /// <summary>The sum of two cells' contents.</summary>
    static abstract long Add(long cell, long amount);
}

/// <summary>Cells that hold a count.</summary>
internal readonly struct IntegerCells : ICellArithmetic
{
    /// <inheritdoc />
    public static long Add(long cell, long amount) => cell + amount;
}

/// <summary>Cells that hold the bits of a double.</summary>
internal readonly struct DoubleCells : ICellArithmetic
{
    /// <inheritdoc />
    public static long Add(long cell, long amount) =>
        BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(cell) + BitConverter.Int64BitsToDouble(amount));
}
