namespace Prometheus.Distributed.Stores;

/// <summary>
/// What one native-histogram series gained since the previous flush: added to the stored series (beside the seed's
/// data), merged down first when the store holds a coarser schema. When the series was removed since the previous flush,
/// the store removes its stored native part first (<see cref="RemovesStored"/>), in the same write as what came after.
/// </summary>
/// <param name="LabelsJson">The series' labels JSON, as in the seed's field names.</param>
/// <param name="Schema">The schema of <paramref name="Positive"/> and <paramref name="Negative"/>'s keys.</param>
/// <param name="ZeroThreshold">The writer's zero bucket width: values of at most this magnitude count in the zero bucket.</param>
/// <param name="ZeroCount">Observations added to the zero bucket.</param>
/// <param name="Count">Observations added in all (the zero bucket's and every bucket's).</param>
/// <param name="Sum">The sum of the observations added.</param>
/// <param name="Positive">Counts added per bucket key of positive values, by increasing key.</param>
/// <param name="Negative">Counts added per bucket key of negative values' magnitudes, by increasing key.</param>
internal sealed record NativeHistogramWrite(
    string LabelsJson,
    int Schema,
    double ZeroThreshold,
    long ZeroCount,
    long Count,
    double Sum,
    IReadOnlyList<KeyValuePair<int, long>> Positive,
    IReadOnlyList<KeyValuePair<int, long>> Negative)
{
    /// <summary>
    /// True when the series was removed since the previous flush: the store removes the series' stored native part,
    /// then adds this write, unless <see cref="OnlyRemoves"/>.
    /// </summary>
    public bool RemovesStored { get; init; }

    /// <summary>True for a removal nothing observed after: the store removes the stored native part and adds nothing.</summary>
    public bool OnlyRemoves => RemovesStored && Count == 0;
}
