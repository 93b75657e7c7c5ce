namespace Prometheus.Distributed.Stores;

/// <summary>A store that skips entries it cannot read (foreign or damaged data) and counts them since it was created.</summary>
internal interface ICountsSkippedData
{
    /// <summary>Keys skipped on read because they are not what the store expects (e.g. not a hash).</summary>
    long SkippedKeys { get; }

    /// <summary>Fields skipped on read because their value is not a number.</summary>
    long SkippedFields { get; }
}
