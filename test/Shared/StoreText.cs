using System.Text;

namespace Prometheus.Distributed.Testing;

/// <summary>What a store holds, read through the public API as a fresh process would, as Prometheus text.</summary>
internal static class StoreText
{
    public static async Task<string> ReadAsync(Action<DistributedMetricsOptions> configure)
    {
        await using var metrics = DistributedMetrics.Create(configure);
        var snapshot = await metrics.CollectAsync(TestContext.Current.CancellationToken);
        using var body = new MemoryStream();
        await snapshot.WriteAsync(body, ExpositionFormat.PrometheusText, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
