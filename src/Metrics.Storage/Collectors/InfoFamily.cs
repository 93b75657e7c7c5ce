using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed;

/// <summary>
/// An info family a collector reports (e.g. build version): one <c>{name}_info{labels} 1</c> sample per series whose
/// labels carry the information. A name ending in <c>_info</c> is taken without it.
/// </summary>
public sealed class InfoFamily
{
    internal InfoFamily(string name, string help, string[] labelNames, NameValidation validation) =>
        Family = new CollectedFamily(validation, MetricType.Info, name, help, labelNames);

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="info">The information as label names and values, e.g. <c>{ ["version"] = "1.4.2" }</c>.</param>
    /// <param name="timestamp">When the information was read; null lets the scraper use the scrape time.</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values, or an info key that is not a valid label name or repeats a label.</exception>
    public InfoFamily Add(IReadOnlyList<string> labelValues, IReadOnlyDictionary<string, string> info, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        NameRules.ValidateLabelNames(Family.Validation, Family.Name, [.. Family.LabelNames, .. info.Keys]);
        KeyValuePair<string, string>[] extra = [.. info];
        NameRules.ValidateLabelValues(Family.Name, [.. info.Keys], [.. info.Values]);
        Family.Add(Family.Labels(labelValues, extra), new SampleSnapshot(FamilyShape.Info, null, 1, CollectedFamily.Extras(timestamp)));
        return this;
    }
}
