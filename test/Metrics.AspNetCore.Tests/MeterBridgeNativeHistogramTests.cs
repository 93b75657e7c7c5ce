using System.Diagnostics.Metrics;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>With <c>o.Meters.NativeHistograms = true</c> the meter bridge records <c>Histogram&lt;T&gt;</c> as a native histogram.</summary>
public sealed class MeterBridgeNativeHistogramTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Histogram_instrument_is_native_exactly_when_asked(bool native)
    {
        var meterName = "Test.Native." + Guid.NewGuid().ToString("N");
        using var host = new HostBuilder()
            .ConfigureServices(s => s
                .AddDistributedMetrics(o =>
                {
                    o.UseInMemory();
                    o.Meters.NativeHistograms = native;
                })
                .AddMeter(meterName))
            .Build();
        await host.StartAsync(Token);
        using var meter = new Meter(meterName);
        var duration = meter.CreateHistogram<double>("job.duration", "s");
        duration.Record(0.25);
        duration.Record(3);

        var metrics = host.Services.GetRequiredService<DistributedMetrics>();
        await metrics.FlushAsync(Token);
        var snapshot = await metrics.CollectAsync(Token);
        using var body = new MemoryStream();
        await snapshot.WriteAsync(body, ExpositionFormat.Protobuf, Token);

        Assert.Equal(2, snapshot.GetValue("job_duration_seconds_count"));
        Assert.Equal(native, HistogramFields(body.ToArray(), "job_duration_seconds").Contains(SchemaField));
        await host.StopAsync(Token);
    }

    /// <summary>The field number of <c>Histogram.schema</c>: present only in a native histogram.</summary>
    private const int SchemaField = 5;

    /// <summary>The field numbers set in the first series' histogram message of family <paramref name="family"/>.</summary>
    private static HashSet<int> HistogramFields(byte[] body, string family)
    {
        var input = new CodedInputStream(body);
        while (!input.IsAtEnd)
        {
            var message = Fields(input.ReadBytes());
            if (message.TryGetValue(1, out var name) && name.ToStringUtf8() == family)
            {
                return [.. Fields(Fields(message[4])[7]).Keys];
            }
        }

        return [];
    }

    /// <summary>The last value of each length-delimited field of a message, and every other field's number (with an empty value).</summary>
    private static Dictionary<int, ByteString> Fields(ByteString bytes)
    {
        var fields = new Dictionary<int, ByteString>();
        var input = new CodedInputStream(bytes.ToByteArray());
        while (!input.IsAtEnd)
        {
            var tag = input.ReadTag();
            var number = WireFormat.GetTagFieldNumber(tag);
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields[number] = input.ReadBytes();
            }
            else
            {
                fields[number] = ByteString.Empty;
                input.SkipLastField();
            }
        }

        return fields;
    }
}
