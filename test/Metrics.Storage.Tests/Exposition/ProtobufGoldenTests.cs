using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>
/// The exact bytes of the protobuf exposition per metric type: varint-length-delimited
/// <c>io.prometheus.client.MetricFamily</c> messages. Each golden was checked by decoding it with <c>protoc
/// --decode=io.prometheus.client.MetricFamily</c> against client_model's definition.
/// </summary>
public sealed class ProtobufGoldenTests
{
    public static TheoryData<string, string> Goldens() => new()
    {
        { nameof(Counter), "C8010A13687474705F72657175657374735F746F74616C12105265717565737473207365727665642E180022350A0D0A066D6574686F6412034745540A0B0A04636F646512033230301A170900000000000014401A0C0880E2CFAA061080CAB5EE01222F0A0D0A066D6574686F6412034745540A0B0A04636F646512033530301A1109000000000000F03F1A060881E2CFAA0622350A0E0A066D6574686F641204504F53540A0B0A04636F646512033230301A160900000000000000401A0B0882E2CFAA061080E59A77" },
        { nameof(Gauge), "6C0A18726F6F6D5F74656D70657261747572655F63656C73697573121443757272656E742074656D70657261747572652E1801221A0A0D0A04726F6F6D120561747469631209090000000000000AC0221C0A0F0A04726F6F6D12076B69746368656E1209090000000000803540" },
        { nameof(DefaultHistogram), "E4010A18726571756573745F6475726174696F6E5F7365636F6E6473121152657175657374206475726174696F6E2E180422B2010A0B0A05726F75746512022F613AA2010804110000000000801C401A0B0800117B14AE47E17A743F1A0B0800117B14AE47E17A843F1A0B0801119A9999999999993F1A0B0801119A9999999999A93F1A0B0802119A9999999999B93F1A0B080211000000000000D03F1A0B080311000000000000E03F1A0B080311000000000000F03F1A0B08041100000000000004401A0B08041100000000000014401A0B08041100000000000024407A060880E2CFAA06" },
        { nameof(Summary), "3E0A146A6F625F6475726174696F6E5F7365636F6E6473120D4A6F62206475726174696F6E2E180222152213080311000000000000124022060880E2CFAA06" },
        { nameof(Info), "A0010A0A6275696C645F696E666F12124275696C6420696E666F726D6174696F6E2E1801223E0A0D0A03656E76120663616E6172790A100A06636F6D6D697412063737616130300A100A0776657273696F6E1205312E352E30120909000000000000F03F223C0A0B0A03656E76120470726F640A100A06636F6D6D697412063966326331650A100A0776657273696F6E1205312E342E32120909000000000000F03F" },
        { nameof(StateSet), "F1020A0E636F6E73756D65725F7374617465120F436F6E73756D65722073746174652E180122340A0D0A05717565756512046D61696C0A180A0E636F6E73756D65725F73746174651206706175736564120909000000000000F03F22350A0D0A05717565756512046D61696C0A190A0E636F6E73756D65725F7374617465120772756E6E696E67120909000000000000000022350A0D0A05717565756512046D61696C0A190A0E636F6E73756D65725F7374617465120773746F70706564120909000000000000000022360A0F0A05717565756512066F72646572730A180A0E636F6E73756D65725F73746174651206706175736564120909000000000000000022370A0F0A05717565756512066F72646572730A190A0E636F6E73756D65725F7374617465120772756E6E696E67120909000000000000F03F22370A0F0A05717565756512066F72646572730A190A0E636F6E73756D65725F7374617465120773746F707065641209090000000000000000" },
        { nameof(NativeHistogram), "670A0C776F726B5F7365636F6E64731205576F726B2E1804224E0A0B0A05726F75746512022F613A3F080A1100000000000011401A0B080711000000000000F03F280631FCA9F1D24D62503F38024A04080010015002620408031002620408061001680668036804" },
        { nameof(EmptyNativeHistogram), "390A0C69646C655F7365636F6E6473120549646C652E180422203A1E080011000000000000000028003100000000000000003800620408001000" },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public async Task Family_is_written_as_its_golden_delimited_message(string family, string hex)
    {
        var bytes = await RenderBytesAsync(family switch
        {
            nameof(Counter) => Counter(),
            nameof(Gauge) => Gauge(),
            nameof(DefaultHistogram) => DefaultHistogram(),
            nameof(Summary) => Summary(),
            nameof(Info) => Info(),
            nameof(StateSet) => StateSet(),
            nameof(NativeHistogram) => NativeHistogram(),
            _ => EmptyNativeHistogram(),
        });

        Assert.Equal(hex, Convert.ToHexString(bytes));
    }

    [Fact]
    public async Task Families_follow_each_other_each_with_its_length_first()
    {
        var counter = await RenderBytesAsync(Counter());
        var gauge = await RenderBytesAsync(Gauge());

        var both = await RenderBytesAsync(Counter(), Gauge());

        Assert.Equal([.. counter, .. gauge], both);
        Assert.Equal(counter.Length - 2, counter[0] | ((counter[1] & 0x7F) << 7));
    }

    /// <summary>
    /// A native histogram with classic buckets beside it: positive keys -2, -1, 3 (two spans), one negative bucket,
    /// two observations in the zero bucket.
    /// </summary>
    private static StoredFamily NativeHistogram()
    {
        var native = new NativeSeriesTotals("{\"route\":\"/a\"}", 3) { ZeroThreshold = 0.001, ZeroCount = 2, Count = 10, Sum = 4.25 };
        native.Positive.Add(-2, 3);
        native.Positive.Add(-1, 1);
        native.Positive.Add(3, 3);
        native.Negative.Add(0, 1);
        return Family(
            "work_seconds",
            new MetricMetadata(MetricType.Histogram, "work_seconds", "Work.", ["route"], [1]) { Native = true },
            ("_bucket:{\"le\":\"1.0\",\"route\":\"/a\"}", 7),
            ("_bucket:{\"le\":\"+Inf\",\"route\":\"/a\"}", 10),
            ("_count:{\"route\":\"/a\"}", 10),
            ("_sum:{\"route\":\"/a\"}", 4.25)) with { NativeSeries = [native] };
    }

    /// <summary>A native-only histogram with no observation yet: one empty span marks it native.</summary>
    private static StoredFamily EmptyNativeHistogram() => Family(
        "idle_seconds",
        new MetricMetadata(MetricType.Histogram, "idle_seconds", "Idle.", [], []) { Native = true },
        ("_bucket:{\"le\":\"+Inf\"}", 0),
        ("_count:{}", 0),
        ("_sum:{}", 0)) with { NativeSeries = [new NativeSeriesTotals("{}", 0)] };

    private static async Task<byte[]> RenderBytesAsync(params StoredFamily[] families)
    {
        using var stream = new MemoryStream();
        await Distributed.Exposition.ExpositionWriter.WriteAsync(ExpositionSnapshotBuilder.Build(families), ExpositionFormat.Protobuf, stream, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }
}
