using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.TestHost;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>A scraper that prefers Prometheus' protobuf format gets every family as delimited MetricFamily messages.</summary>
public sealed class ProtobufNegotiationTests
{
    /// <summary>What Prometheus 2.42 sends with <c>--enable-feature=native-histograms</c>.</summary>
    private const string NativeHistogramsAccept =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(NativeHistogramsAccept, ExpositionFormat.Protobuf)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=other.Message;encoding=delimited", ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.2,application/openmetrics-text;version=1.0.0", ExpositionFormat.OpenMetrics)]
    public void Protobuf_is_chosen_only_for_delimited_metric_families_preferred_by_quality(string accept, ExpositionFormat format) =>
        Assert.Equal(format, ExpositionNegotiation.Negotiate([accept]).Format);

    [Fact]
    public async Task Protobuf_scrape_gets_every_family_as_a_delimited_message()
    {
        using var host = await TestHosts.StartAsync(o => o.UseInMemory());
        host.Metrics().CreateCounter("orders_total", "Orders.").Inc(2);
        host.Metrics().CreateGauge("queue_depth", "Depth.").Set(3);
        host.Metrics().CreateHistogram("work_seconds", "Work.", new NativeHistogramOptions()).Observe(0.25);
        await host.DistributedMetrics().FlushAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", NativeHistogramsAccept);

        using var response = await host.GetTestClient().SendAsync(request, Token);
        var names = FamilyNames(await response.Content.ReadAsByteArrayAsync(Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
            response.Content.Headers.ContentType?.ToString());
        Assert.Contains("orders_total", names);
        Assert.Contains("queue_depth", names);
        Assert.Contains("work_seconds", names);
    }

    /// <summary>The name (field 1) of each length-delimited message.</summary>
    private static List<string> FamilyNames(byte[] body)
    {
        var names = new List<string>();
        var input = new CodedInputStream(body);
        while (!input.IsAtEnd)
        {
            var message = new CodedInputStream(input.ReadBytes().ToByteArray());
            while (!message.IsAtEnd)
            {
                var tag = message.ReadTag();
                if (WireFormat.GetTagFieldNumber(tag) == 1)
                {
                    names.Add(message.ReadString());
                }
                else
                {
                    message.SkipLastField();
                }
            }
        }

        return names;
    }
}
