using System.Text;

namespace Prometheus.Distributed.Testing;

/// <summary>Expositions as Prometheus text, read through the public API.</summary>
internal static class StoreText
{
    /// <summary>What a store holds, read by a fresh <see cref="DistributedMetrics"/> as another process would.</summary>
    public static async Task<string> ReadAsync(Action<DistributedMetricsOptions> configure)
    {
        await using var metrics = DistributedMetrics.Create(configure);
        return await ScrapeAsync(metrics);
    }

    /// <summary>The text exposition <paramref name="metrics"/> serves now.</summary>
    public static async Task<string> ScrapeAsync(DistributedMetrics metrics) =>
        await (await metrics.CollectAsync(TestContext.Current.CancellationToken)).ToTextAsync();

    /// <summary>The snapshot written as Prometheus text.</summary>
    public static async Task<string> ToTextAsync(this MetricsSnapshot snapshot)
    {
        using var body = new MemoryStream();
        await snapshot.WriteAsync(body, ExpositionFormat.PrometheusText, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
