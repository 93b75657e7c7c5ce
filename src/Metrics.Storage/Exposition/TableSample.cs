namespace Prometheus.Distributed.Exposition;

/// <summary>
/// One sample of a series in a <see cref="SeriesTable"/>, in 16 bytes: a family of 200 000 counter series holds
/// 400 000 of them.
/// </summary>
internal readonly struct TableSample
{
    /// <summary>The most bounds a table tells apart (<see cref="Bound"/> has 24 bits).</summary>
    public const int MaxBounds = (1 << 24) - 2;

    // The bound's id + 1 in the low 24 bits (0 for none), the suffix's id in the high 8.
    private readonly int _boundAndSuffix;

    /// <summary>A sample.</summary>
    /// <param name="value">The value.</param>
    /// <param name="suffix">The suffix's id in <see cref="FamilyShape.Suffixes"/>.</param>
    /// <param name="bound">Its bound's id in the table (at most <see cref="MaxBounds"/>); -1 for a sample without one.</param>
    /// <param name="extras">The id of the sample's timestamp or exemplar in the table; -1 for none.</param>
    public TableSample(double value, int suffix, int bound, int extras)
    {
        Value = value;
        Extras = extras;
        _boundAndSuffix = (suffix << 24) | (bound + 1);
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <summary>The id of the sample's timestamp or exemplar in the table (<see cref="SeriesTable.ExtrasOf"/>); -1 for none.</summary>
    public int Extras { get; }

    /// <summary>The suffix's id in <see cref="FamilyShape.Suffixes"/>.</summary>
    public int Suffix => (int)((uint)_boundAndSuffix >> 24);

    /// <summary>
    /// The id in the table (<see cref="SeriesTable.BoundText"/>) of the value of the label that tells the samples of a
    /// series apart (<see cref="BoundLabel"/>): a bucket's <c>le</c> as stored, or a summary quantile sample's
    /// <c>quantile</c>; -1 for every other sample.
    /// </summary>
    public int Bound => (_boundAndSuffix & 0xFFFFFF) - 1;

    /// <summary>The name of the label <see cref="Bound"/> is the value of: <c>quantile</c> for a sample without suffix, else <c>le</c>.</summary>
    public string BoundLabel => Suffix == 0 ? SampleSnapshot.Quantile : FamilyShape.Le;
}
