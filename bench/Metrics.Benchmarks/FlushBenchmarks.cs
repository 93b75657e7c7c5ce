using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>One flush of 10 000 changed series to each store (the increments happen in the untimed setup).</summary>
public class FlushBenchmarks
{
    private LoadedStores stores = null!;

    /// <summary>Starts redis-server, creates the SQLite file and announces every series once.</summary>
    [GlobalSetup]
    public async Task Setup() => stores = await LoadedStores.CreateAsync();

    /// <summary>Releases both stores, kills redis-server and deletes the SQLite file.</summary>
    [GlobalCleanup]
    public Task Cleanup() => stores.DisposeAsync().AsTask();

    /// <summary>Changes every Redis-backed series.</summary>
    [IterationSetup(Target = nameof(Flush_10k_Series_Redis))]
    public void ChangeRedisSeries() => stores.RedisSeries.IncrementAll();

    /// <summary>Changes every SQLite-backed series.</summary>
    [IterationSetup(Target = nameof(Flush_10k_Series_Sqlite))]
    public void ChangeSqliteSeries() => stores.SqliteSeries.IncrementAll();

    /// <summary>Sends 10 000 changed series to Redis in one flush.</summary>
    [Benchmark]
    public Task Flush_10k_Series_Redis() => stores.Redis.FlushAsync();

    /// <summary>Sends 10 000 changed series to SQLite in one flush.</summary>
    [Benchmark]
    public Task Flush_10k_Series_Sqlite() => stores.Sqlite.FlushAsync();
}
