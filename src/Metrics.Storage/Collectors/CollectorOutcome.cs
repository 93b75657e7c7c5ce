namespace Prometheus.Distributed.Collectors;

/// <summary>What one collector produced for a scrape.</summary>
/// <param name="Name">The collector's name (its type name), the <c>collector</c> label of the failure count.</param>
/// <param name="Families">Its families in the order added, or null when it failed and is skipped.</param>
internal sealed record CollectorOutcome(string Name, IReadOnlyList<CollectedFamily>? Families);
