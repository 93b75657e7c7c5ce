using System.Globalization;
using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// A summary's quantile sketches as every store keeps them: one native series per slot of the window and series, whose
/// labels are the slot qualified <c>{slot}:{labels json}</c> (<see cref="Key"/>), beside the seed's data. A read merges
/// the slots still in the window into one series per label set (<see cref="MergeLive"/>).
/// </summary>
internal static class SketchSlots
{
    /// <summary>The stored labels of series <paramref name="labelsJson"/> in <paramref name="slot"/>: <c>{slot}:{labels json}</c>.</summary>
    public static string Key(long slot, string labelsJson) => slot.ToString(CultureInfo.InvariantCulture) + ":" + labelsJson;

    /// <summary>Splits stored labels written by <see cref="Key"/>; false for anything else.</summary>
    public static bool TrySplit(string key, out long slot, out string labelsJson)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        labelsJson = colon < 0 ? string.Empty : key[(colon + 1)..];
        slot = 0;
        return colon > 0 && long.TryParse(key.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out slot);
    }

    /// <summary>
    /// The series of <paramref name="stored"/> slots that count at unix time <paramref name="nowMilliseconds"/> in
    /// <paramref name="window"/>, merged by label set (at the coarsest schema among them), ordered by labels JSON.
    /// Slots out of the window, and stored labels that are not slot qualified, are left out.
    /// </summary>
    public static List<NativeSeriesTotals> MergeLive(IReadOnlyList<NativeSeriesTotals> stored, QuantileWindow window, long nowMilliseconds)
    {
        var merged = new SortedDictionary<string, NativeSeriesTotals>(StringComparer.Ordinal);
        foreach (var slotSeries in stored)
        {
            if (!TrySplit(slotSeries.LabelsJson, out var slot, out var labelsJson) || !window.IsLive(slot, nowMilliseconds))
            {
                continue;
            }

            if (!merged.TryGetValue(labelsJson, out var series))
            {
                merged[labelsJson] = series = new NativeSeriesTotals(labelsJson, slotSeries.Schema);
            }

            series.Add(slotSeries);
        }

        return [.. merged.Values];
    }
}
