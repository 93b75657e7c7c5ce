namespace Prometheus.Distributed.Tests.Collectors;

/// <summary>A collector that runs a delegate.</summary>
internal sealed class DelegateCollector(Func<CollectorSink, CancellationToken, ValueTask> collect) : IMetricsCollector
{
    public DelegateCollector(Action<CollectorSink> collect)
        : this((sink, _) =>
        {
            collect(sink);
            return ValueTask.CompletedTask;
        })
    {
    }

    public ValueTask CollectAsync(CollectorSink sink, CancellationToken cancellationToken) => collect(sink, cancellationToken);
}
