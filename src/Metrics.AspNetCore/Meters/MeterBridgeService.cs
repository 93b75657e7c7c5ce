using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// Runs the <see cref="MeterBridge"/> for the lifetime of the host: listens from start, polls the observable
/// instruments once per <see cref="DistributedMetricsOptions.FlushInterval"/> and once more at stop (before the final
/// flush, as this service is registered after the flush service and so stops first).
/// </summary>
internal sealed partial class MeterBridgeService(
    IMetricFactory factory,
    IOptions<MeterBridgeOptions> bridgeOptions,
    IOptions<DistributedMetricsOptions> metricsOptions,
    ILogger<MeterBridgeService> logger) : BackgroundService
{
    private MeterBridge? bridge;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        bridge = new MeterBridge(
            factory, bridgeOptions.Value, [.. metricsOptions.Value.StaticLabels.Keys], metricsOptions.Value.Meters.NativeHistograms, OnInstrumentFailed);
        bridge.Start();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Poll();
        bridge?.Dispose();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        bridge?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(metricsOptions.Value.FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Poll();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; StopAsync polls once more.
        }
    }

    private void Poll()
    {
        try
        {
            bridge?.RecordObservableInstruments();
        }
#pragma warning disable CA1031 // An observable instrument's failing callback must not stop the polling.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPollFailed(logger, e);
        }
    }

    private void OnInstrumentFailed(Instrument instrument, Exception e) =>
        LogInstrumentFailed(logger, instrument.Name, instrument.Meter.Name, e);

    [LoggerMessage(9, LogLevel.Warning, "Instrument '{Instrument}' of meter '{Meter}' could not be recorded into the metrics store (logged once per instrument); its failing measurements are dropped.")]
    private static partial void LogInstrumentFailed(ILogger logger, string instrument, string meter, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Polling the observable instruments of the bridged meters failed; the others were recorded and polling goes on.")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
