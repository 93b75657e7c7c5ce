using System.Diagnostics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Finds data keys of the prefix that this store's index does not list (families written by the seed or another
/// writer that keeps no index) with <c>SCAN MATCH {prefix}_*</c> on every server (cursor based, never KEYS), and
/// reuses the result for <see cref="RedisStoreSettings.ScanInterval"/>. Concurrent reads share one scan, which pages
/// through each server asynchronously (<see cref="IServer.KeysAsync"/>) and is not tied to any one reader's
/// cancellation, so a scrape that gives up does not waste the scan for the next one.
/// </summary>
internal sealed class ForeignFamilyScanner(TimeSpan interval)
{
    private const int PageSize = 1000;

    private readonly Lock sync = new();
    private Task<string[]>? scan;
    private long scannedAt;

    /// <summary>Family names found under the prefix, from the cache while it is fresh.</summary>
    public Task<string[]> GetAsync(IConnectionMultiplexer multiplexer, RedisKeys keys, int database, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            var stale = scan is null || scan.IsFaulted || scan.IsCanceled
                || (scan.IsCompleted && Stopwatch.GetElapsedTime(scannedAt) >= interval);
            if (stale)
            {
                scannedAt = Stopwatch.GetTimestamp();
                scan = ScanAsync(multiplexer, keys, database);
            }

            return scan!.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Walks every server's keyspace (SCAN pages); a cluster keeps the keys on its masters.</summary>
    private static async Task<string[]> ScanAsync(IConnectionMultiplexer multiplexer, RedisKeys keys, int database)
    {
        var families = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endPoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endPoint);
            if (!server.IsConnected)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(database, keys.DataPattern, PageSize).ConfigureAwait(false))
            {
                if ((string?)key is { } name && keys.TryGetFamily(name, out var family))
                {
                    families.Add(family);
                }
            }
        }

        return [.. families];
    }
}
