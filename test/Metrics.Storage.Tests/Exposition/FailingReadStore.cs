using System.Runtime.CompilerServices;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>
/// An in-memory store whose reads fail, on demand, after handing out some families: a store that goes away in the
/// middle of a read. Counts the reads.
/// </summary>
internal sealed class FailingReadStore : IMetricStore
{
    private int reads;

    public InMemoryMetricStore Inner { get; } = new();

    /// <summary>How many families a read hands out before it fails; null for reads that do not fail.</summary>
    public int? FailAfterFamilies { get; set; }

    public int Reads => Volatile.Read(ref reads);

    public async IAsyncEnumerable<StoredFamily> ReadFamiliesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref reads);
        var failAfter = FailAfterFamilies;
        var handedOut = 0;
        await foreach (var family in Inner.ReadFamiliesAsync(cancellationToken))
        {
            if (handedOut == failAfter)
            {
                throw new IOException($"The store went away after {handedOut} families.");
            }

            handedOut++;
            yield return family;
        }
    }

    public Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken) => Inner.ApplyAsync(batch, cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) => Inner.ProbeAsync(cancellationToken);

    public Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken) =>
        Inner.HeartbeatAsync(instanceId, instanceTimeout, cancellationToken);

    public Task<IReadOnlyList<InstanceHeartbeat>> ReadInstancesAsync(CancellationToken cancellationToken) =>
        Inner.ReadInstancesAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
