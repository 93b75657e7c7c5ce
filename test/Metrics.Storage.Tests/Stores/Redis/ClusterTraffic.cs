using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>
/// One writing instance under test: applies batch after batch and, as the flusher does, retries a batch with the same
/// sequence until the store confirms it, so <see cref="Confirmed"/> is exactly what the store acknowledged.
/// </summary>
/// <param name="store">The instance's store.</param>
/// <param name="instanceId">The instance id.</param>
/// <param name="batchOf">The batch of a sequence.</param>
internal sealed class ClusterTraffic(RedisMetricStore store, string instanceId, Func<string, long, FlushBatch> batchOf)
{
    private static readonly TimeSpan PatiencePerBatch = TimeSpan.FromMinutes(2);

    private long confirmed;
    private long failures;

    /// <summary>Batches the store confirmed.</summary>
    public long Confirmed => Interlocked.Read(ref confirmed);

    /// <summary>Attempts that failed and were retried.</summary>
    public long Failures => Interlocked.Read(ref failures);

    /// <summary>The kinds of failures seen (exception type and the first word of its message), for the test's output.</summary>
    public HashSet<string> FailureKinds { get; } = [];

    /// <summary>
    /// Runs <paramref name="traffic"/> until each writer has <paramref name="batches"/> batches confirmed, runs
    /// <paramref name="disruption"/>, waits until each has <paramref name="batches"/> more (waiting at most
    /// <paramref name="patience"/> each time), then stops them; writes the retries to the test output and returns the
    /// batches confirmed in all.
    /// </summary>
    public static async Task<long> AroundAsync(IReadOnlyList<ClusterTraffic> traffic, int batches, TimeSpan patience, Func<Task> disruption)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = traffic.Select(t => t.RunAsync(stop.Token)).ToArray();
        await Eventually.HoldsAsync(() => Task.FromResult(traffic.All(t => t.Confirmed >= batches)), patience, "Traffic before the disruption");
        await disruption();
        var after = traffic.Select(t => t.Confirmed + batches).ToArray();
        await Eventually.HoldsAsync(
            () => Task.FromResult(traffic.Select((t, i) => t.Confirmed >= after[i]).All(done => done)), patience, "Traffic after the disruption");
        await stop.CancelAsync();
        await Task.WhenAll(running);

        var confirmed = traffic.Sum(t => t.Confirmed);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{confirmed} batches confirmed; {traffic.Sum(t => t.Failures)} attempts retried ({string.Join(", ", traffic.SelectMany(t => t.FailureKinds).Distinct())}).");
        return confirmed;
    }

    /// <summary>Writes until <paramref name="stop"/> is cancelled; a batch begun is always finished.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        for (var sequence = 1L; !stop.IsCancellationRequested; sequence++)
        {
            await ApplyUntilConfirmedAsync(batchOf(instanceId, sequence));
            Interlocked.Increment(ref confirmed);
        }
    }

    private async Task ApplyUntilConfirmedAsync(FlushBatch batch)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(PatiencePerBatch);
        while (true)
        {
            try
            {
                await store.ApplyAsync(batch, deadline.Token);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.Increment(ref failures);
                lock (FailureKinds)
                {
                    FailureKinds.Add(e.GetType().Name + ": " + e.Message.Split(' ')[0]);
                }

                // Back-off between retries, as the flusher's; not a synchronisation.
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }
    }
}
