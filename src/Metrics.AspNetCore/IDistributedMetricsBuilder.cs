namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddDistributedMetrics</c>: adds typed metric classes and other features.</summary>
public interface IDistributedMetricsBuilder
{
    /// <summary>The service collection the metrics are registered in.</summary>
    IServiceCollection Services { get; }
}
