namespace Prometheus.Distributed.Exposition;

/// <summary>
/// One sample of a series in a <see cref="SeriesTable"/>, in 16 bytes: a family of 200 000 counter series holds
/// 400 000 of them.
/// </summary>
internal readonly struct TableSample
{
    /// <summary>The most bucket bounds a table tells apart (<see cref="Le"/> has 24 bits).</summary>
    public const int MaxLe = (1 << 24) - 2;

    // The bucket bound's id + 1 in the low 24 bits (0 for none), the suffix's id in the high 8.
    private readonly int _leAndSuffix;

    /// <summary>A sample.</summary>
    /// <param name="value">The value.</param>
    /// <param name="suffix">The suffix's id in <see cref="FamilyShape.Suffixes"/>.</param>
    /// <param name="le">A bucket's <c>le</c> id in the table (at most <see cref="MaxLe"/>); -1 for every other sample.</param>
    /// <param name="extras">The id of the sample's timestamp or exemplar in the table; -1 for none.</param>
    public TableSample(double value, int suffix, int le, int extras)
    {
        Value = value;
        Extras = extras;
        _leAndSuffix = (suffix << 24) | (le + 1);
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <summary>The id of the sample's timestamp or exemplar in the table (<see cref="SeriesTable.ExtrasOf"/>); -1 for none.</summary>
    public int Extras { get; }

    /// <summary>The suffix's id in <see cref="FamilyShape.Suffixes"/>.</summary>
    public int Suffix => (int)((uint)_leAndSuffix >> 24);

    /// <summary>A bucket's <c>le</c> id in the table (<see cref="SeriesTable.LeText"/>); -1 for every other sample.</summary>
    public int Le => (_leAndSuffix & 0xFFFFFF) - 1;
}
