namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Why a read left a stored entry out of the exposition: the <c>reason</c> label of
/// <c>distributed_metrics_skipped_entries_total</c> (<see cref="SkipReasons.Label"/>).
/// </summary>
internal enum SkipReason
{
    /// <summary>A label name starting with <c>__</c>, or one the family's type reserves (<c>le</c>, <c>quantile</c>).</summary>
    ReservedLabel,

    /// <summary>A label name the family's stored declaration does not have.</summary>
    UndeclaredLabel,

    /// <summary>A stored value that is not a number.</summary>
    NotANumber,

    /// <summary>A histogram series whose buckets are not cumulative, lack <c>+Inf</c>, or disagree with <c>_count</c>.</summary>
    BadHistogram,

    /// <summary>
    /// A field that is not <c>{suffix}:{labels json}</c> of the family's type: no colon, an unknown suffix, labels that are
    /// not a flat JSON object of string values with valid, distinct names, a sample stored twice, or a family name
    /// that is not a valid name.
    /// </summary>
    UnparsableField,

    /// <summary>A key under the prefix that is not a hash.</summary>
    NotAHash,

    /// <summary>
    /// A family or series whose names equal another's once written: a sample name another family claims, or label names
    /// that clash once escaped for a scraper that did not ask for UTF-8 names.
    /// </summary>
    NameClash,
}
