using System.Net.Sockets;
using System.Text;
using Prometheus.Distributed.Graphite;

namespace Prometheus.Distributed;

/// <summary>
/// Pushes the aggregated metrics (every instance's, as <see cref="DistributedMetrics.CollectAsync"/> reads them) to
/// Graphite's carbon in its plaintext protocol: one TCP connection per push, every sample stamped with the push
/// time. <see cref="RunAsync"/> pushes every <see cref="GraphiteBridgeOptions.Interval"/>, backs off while pushes
/// fail, and never throws; in ASP.NET Core, <c>AddGraphiteBridge(...)</c> runs it as a hosted service.
/// </summary>
/// <example>
/// <code>
/// var bridge = new GraphiteBridge(metrics, new GraphiteBridgeOptions { Address = "127.0.0.1:2003", Tags = true });
/// await bridge.RunAsync(stopping);          // or: await bridge.PushAsync(); once, e.g. at the end of a job
/// </code>
/// </example>
public sealed class GraphiteBridge
{
    private readonly DistributedMetrics metrics;
    private readonly GraphiteBridgeOptions options;
    private readonly string host;
    private readonly int port;

    /// <summary>Creates a bridge; nothing is connected until a push.</summary>
    /// <param name="metrics">The metrics to read.</param>
    /// <param name="options">Where and how to push; read once, here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    public GraphiteBridge(DistributedMetrics metrics, GraphiteBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Graphite bridge options: " + string.Join(" ", errors), nameof(options));
        }

        this.metrics = metrics;
        this.options = new GraphiteBridgeOptions
        {
            Address = options.Address,
            Interval = options.Interval,
            Tags = options.Tags,
            Prefix = options.Prefix,
            Timeout = options.Timeout,
            MaxBackoff = options.MaxBackoff,
        };
        _ = options.TryParseAddress(out host, out port);
    }

    /// <summary>Called with the reason each time a push fails inside <see cref="RunAsync"/> (hosts log it).</summary>
    internal Action<Exception>? PushFailed { get; set; }

    /// <summary>Reads the metrics and sends them now, within <see cref="GraphiteBridgeOptions.Timeout"/>.</summary>
    /// <param name="cancellationToken">Cancels the push.</param>
    /// <returns>A task that completes when carbon's connection accepted every line.</returns>
    /// <exception cref="TimeoutException">The push did not finish within the timeout.</exception>
    /// <exception cref="SocketException">Carbon could not be reached.</exception>
    public async Task PushAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var snapshot = await metrics.CollectAsync(timeout.Token).ConfigureAwait(false);
            var lines = GraphiteLines.Write(snapshot.Exposition, options, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(lines), timeout.Token).ConfigureAwait(false);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Pushing to Graphite at {options.Address} did not finish within {options.Timeout.TotalSeconds:0.###} s.", e);
        }
    }

    /// <summary>
    /// Pushes every <see cref="GraphiteBridgeOptions.Interval"/> until <paramref name="cancellationToken"/> is
    /// cancelled, starting now. After a failed push the wait doubles per consecutive failure, up to
    /// <see cref="GraphiteBridgeOptions.MaxBackoff"/>; the next push connects afresh.
    /// </summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the loop stopped; it never faults.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PushAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop reports every failure and keeps going; it must never end the host.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures++;
                Report(e);
            }

            try
            {
                await Task.Delay(DelayAfter(failures), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The interval, doubled per consecutive failure up to the larger of the interval and the max back-off.</summary>
    internal TimeSpan DelayAfter(int failures)
    {
        var cap = options.MaxBackoff > options.Interval ? options.MaxBackoff : options.Interval;
        var delay = options.Interval * Math.Pow(2, Math.Min(failures, 10));
        return delay < cap ? delay : cap;
    }

    private void Report(Exception e)
    {
        try
        {
            PushFailed?.Invoke(e);
        }
#pragma warning disable CA1031 // A broken failure callback must not end the loop.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
