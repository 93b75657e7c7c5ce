using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Stores.Sqlite;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.Tests.Instances;

/// <summary>
/// One store shared by several <see cref="DistributedMetrics"/> instances, as processes share it: the same in-memory
/// store object, the same SQLite file, or the same prefix of a real Redis server (each instance with its own store
/// object and connection). <see cref="Observer"/> is one more store object, to look at what is stored.
/// </summary>
internal sealed class SharedStore : IAsyncDisposable
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";
    public const string Redis = "redis";

    private readonly string kind;
    private readonly Action<DistributedMetricsOptions> useStore;
    private readonly TempFolder? folder;
    private readonly InMemoryMetricStore? memory;
    private readonly List<DistributedMetrics> opened = [];

    private SharedStore(string kind, RedisServerFixture redis)
    {
        this.kind = kind;
        switch (kind)
        {
            case Memory:
                memory = new InMemoryMetricStore();
                useStore = o => o.UseInMemory();
                Observer = memory;
                break;
            case Sqlite:
                folder = new TempFolder();
                var path = folder.File("metrics.db");
                useStore = o => o.UseSqlite(path);
                Observer = new SqliteMetricStore(new SqliteStoreSettings(path));
                break;
            default:
                var endPoint = redis.Require().EndPoint;
                var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
                useStore = o => o.UseRedis(endPoint, prefix);
                Observer = new RedisMetricStore(new RedisStoreSettings { Configuration = endPoint, Prefix = prefix });
                break;
        }
    }

    public static IEnumerable<string> Kinds => [Memory, Sqlite, Redis];

    /// <summary>A store object of its own over the shared data.</summary>
    public IMetricStore Observer { get; }

    public static SharedStore Create(string kind, RedisServerFixture redis) => new(kind, redis);

    /// <summary>A new instance ("process") over the shared store; disposed with this object unless disposed before.</summary>
    public DistributedMetrics Open(Action<DistributedMetricsOptions>? configure = null)
    {
        var options = new DistributedMetricsOptions();
        useStore(options);
        configure?.Invoke(options);
        var metrics = kind == Memory ? DistributedMetrics.Create(options, memory!) : DistributedMetrics.Create(options);
        opened.Add(metrics);
        return metrics;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var metrics in opened)
        {
            await metrics.DisposeAsync();
        }

        await Observer.DisposeAsync();
        folder?.Dispose();
    }

    /// <summary>The sample lines (no comments) of <paramref name="name"/> in <paramref name="metrics"/>'s exposition.</summary>
    public static async Task<string[]> SamplesAsync(DistributedMetrics metrics, string name)
    {
        var text = await StoreText.ScrapeAsync(metrics);
        return [.. text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))];
    }

    /// <summary>Scrapes until <paramref name="expected"/> are exactly the sample lines of <paramref name="name"/>, or fails after 20 s.</summary>
    public static async Task AwaitSamplesAsync(DistributedMetrics metrics, string name, params string[] expected)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        string[] seen = [];
        while (!deadline.IsCancellationRequested)
        {
            seen = await SamplesAsync(metrics, name);
            if (seen.SequenceEqual(expected))
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"Expected [{string.Join(" | ", expected)}] for {name}; last seen [{string.Join(" | ", seen)}].");
    }
}
