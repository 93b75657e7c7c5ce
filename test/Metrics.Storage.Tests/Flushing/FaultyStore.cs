using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;

namespace Prometheus.Distributed.Tests.Flushing;

/// <summary>
/// An in-memory store that fails on demand, to drive the flusher's own retry logic: either before applying
/// (an outage) or after applying (the reply was lost).
/// </summary>
internal sealed class FaultyStore : IMetricStore
{
    public InMemoryMetricStore Inner { get; } = new();

    /// <summary>How many next applies fail without applying.</summary>
    public int OutagesLeft { get; set; }

    /// <summary>How many next applies apply and then fail, as if the reply was lost.</summary>
    public int LostRepliesLeft { get; set; }

    /// <summary>How many next applies apply and then fail because too few replicas acknowledged them.</summary>
    public int UnacknowledgedLeft { get; set; }

    public List<long> AppliedSequences { get; } = [];

    public async Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        if (OutagesLeft > 0)
        {
            OutagesLeft--;
            throw new IOException("store unreachable");
        }

        await Inner.ApplyAsync(batch, cancellationToken);
        AppliedSequences.Add(batch.Sequence);
        if (LostRepliesLeft > 0)
        {
            LostRepliesLeft--;
            throw new TimeoutException("reply lost");
        }

        if (UnacknowledgedLeft > 0)
        {
            UnacknowledgedLeft--;
            throw new ReplicationTimeoutException("no replica acknowledged");
        }
    }

    public IAsyncEnumerable<StoredFamily> ReadFamiliesAsync(CancellationToken cancellationToken) => Inner.ReadFamiliesAsync(cancellationToken);

    /// <summary>Fails while an outage is left, without using it up.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken) =>
        OutagesLeft > 0 ? Task.FromException(new IOException("store unreachable")) : Task.CompletedTask;

    public Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken) =>
        Inner.HeartbeatAsync(instanceId, instanceTimeout, cancellationToken);

    public Task<IReadOnlyList<InstanceHeartbeat>> ReadInstancesAsync(CancellationToken cancellationToken) =>
        Inner.ReadInstancesAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
