using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// One real Prometheus server (Debian package <c>prometheus</c>) on a free loopback port, scraping static targets
/// every second, with its TSDB in a temporary directory. Disposing kills the process and deletes the directory.
/// When the program is missing, <see cref="StartAsync"/> skips the calling test (fails it under CI).
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerProcess process;
    private readonly HttpClient client;

    private PrometheusServer(ServerProcess process, int port)
    {
        this.process = process;
        BaseAddress = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The server's HTTP address (API and UI).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The last lines the server logged, for failure messages.</summary>
    public string Log => process.Log;

    /// <summary>
    /// Starts Prometheus scraping <paramref name="targets"/> (<c>host:port</c>, path <c>/metrics</c>) every
    /// <paramref name="scrapeInterval"/> in one job named <paramref name="job"/>, with the given feature flags
    /// (<c>--enable-feature</c>, e.g. <c>exemplar-storage</c>), and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(
        string job, IEnumerable<string> targets, TimeSpan scrapeInterval, params string[] features)
    {
        var path = ExternalTool.Find("prometheus");
        if (path is null)
        {
            ExternalTool.SkipOrFail("prometheus not found (install the Debian package prometheus).");
        }

        var port = FreePorts.Take(1)[0];
        var directory = ServerProcess.CreateDirectory("prometheus-test-");
        var interval = ((int)scrapeInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: {interval}
              scrape_timeout: {interval}
              evaluation_interval: {interval}
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => "'" + t + "'"))}]
            """);

        var process = ServerProcess.Start(
            path!,
            [
                "--config.file=" + config,
                "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                "--log.level=warn",
                .. features.Select(f => "--enable-feature=" + f),
            ],
            directory);
        var server = new PrometheusServer(process, port);
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Evaluates an instant PromQL query through <c>/api/v1/query</c>; returns the value of a single-sample vector or
    /// scalar result as Prometheus formats it (e.g. <c>"42"</c>), or null when the result is empty.
    /// </summary>
    public async Task<string?> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var data = document.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "scalar" => result[1].GetString(),
            "vector" when result.GetArrayLength() == 1 => result[0].GetProperty("value")[1].GetString(),
            "vector" when result.GetArrayLength() == 0 => null,
            var type => throw new InvalidOperationException($"Query '{promql}' returned a {type} result with more than one sample: {result}"),
        };
    }

    /// <summary>
    /// The exemplars stored for the series selected by <paramref name="promql"/> over the last hour, through
    /// <c>/api/v1/query_exemplars</c> (needs the <c>exemplar-storage</c> feature): each exemplar's labels.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> QueryExemplarsAsync(string promql, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var query = string.Create(
            CultureInfo.InvariantCulture, $"/api/v1/query_exemplars?query={Uri.EscapeDataString(promql)}&start={now - 3600}&end={now + 60}");
        var reply = await client.GetFromJsonAsync<JsonElement>(query, cancellationToken);
        return
        [
            .. reply.GetProperty("data").EnumerateArray()
                .SelectMany(series => series.GetProperty("exemplars").EnumerateArray())
                .Select(exemplar => exemplar.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString() ?? string.Empty)),
        ];
    }

    /// <summary>The health of each scrape target as <c>/api/v1/targets</c> reports it, for failure messages.</summary>
    public async Task<string> TargetsAsync(CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/targets", cancellationToken)).ToString();

    /// <summary>Kills the process and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await process.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"prometheus on {BaseAddress} did not become ready. Log:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
