using System.Text;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>Reads what a store holds through the public API, as a fresh process would.</summary>
internal static class Exposition
{
    public static async Task<string> ReadTextAsync(Action<DistributedMetricsOptions> configure)
    {
        await using var metrics = DistributedMetrics.Create(configure);
        var snapshot = await metrics.CollectAsync(TestContext.Current.CancellationToken);
        using var body = new MemoryStream();
        await snapshot.WriteAsync(body, ExpositionFormat.PrometheusText, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
