namespace Prometheus.Distributed.Stores;

/// <summary>
/// Thrown by a store after it applied a batch except the families whose stored declaration (type, label names,
/// buckets) differs from this process's: their writes were refused and the stored data left unchanged. The batch
/// counts as applied; the rest of it is stored.
/// </summary>
internal sealed class MetadataConflictException : InvalidOperationException
{
    /// <summary>Creates the exception from the refused families.</summary>
    public MetadataConflictException(IReadOnlyList<MetadataConflict> conflicts)
        : base(Explain(conflicts))
    {
        Conflicts = conflicts;
    }

    /// <summary>The refused families.</summary>
    public IReadOnlyList<MetadataConflict> Conflicts { get; }

    private static string Explain(IReadOnlyList<MetadataConflict> conflicts) =>
        string.Join(' ', conflicts.Select(c =>
            $"Metric '{c.Declared.Name}' is stored as {c.Stored.Describe()} by another process, but this process "
            + $"declared it as {c.Declared.Describe()}: its updates were not stored and the stored data was left unchanged."))
        + " Rename the metric in one of the processes, or delete the stored family once no process writes the old declaration.";
}
