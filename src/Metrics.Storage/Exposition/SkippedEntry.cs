namespace Prometheus.Distributed.Exposition;

/// <summary>Entries of one family that one read left out for one reason.</summary>
/// <param name="Family">The family (store key) they belong to.</param>
/// <param name="Reason">Why.</param>
/// <param name="Count">How many: fields, or keys for <see cref="SkipReason.NotAHash"/>.</param>
internal readonly record struct SkippedEntry(string Family, SkipReason Reason, long Count);
