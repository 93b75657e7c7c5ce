using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

/// <summary>
/// Stored info and state set families in both formats: OpenMetrics types <c>info</c> and <c>stateset</c>, gauges in the
/// Prometheus text format (as the Python client writes them), declared labels first, replaced information left out.
/// </summary>
public sealed class InfoStateSetGoldenTests
{
    [Fact]
    public async Task Info_is_a_gauge_named_with_info_in_the_text_format_and_replaced_information_is_left_out()
    {
        var text = await RenderAsync(ExpositionFormat.PrometheusText, Info());

        Assert.Equal(
            Lines("""
                # HELP build_info Build information.
                # TYPE build_info gauge
                build_info{env="canary",commit="77aa00",version="1.5.0"} 1
                build_info{env="prod",commit="9f2c1e",version="1.4.2"} 1
                """),
            text);
    }

    [Fact]
    public async Task Info_is_typed_info_under_the_family_name_in_OpenMetrics()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, Info());

        Assert.Equal(
            Lines("""
                # TYPE build info
                # HELP build Build information.
                build_info{env="canary",commit="77aa00",version="1.5.0"} 1
                build_info{env="prod",commit="9f2c1e",version="1.4.2"} 1
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task State_set_is_a_gauge_with_the_state_label_last_in_the_text_format()
    {
        var text = await RenderAsync(ExpositionFormat.PrometheusText, StateSet());

        Assert.Equal(
            Lines("""
                # HELP consumer_state Consumer state.
                # TYPE consumer_state gauge
                consumer_state{queue="mail",consumer_state="paused"} 1
                consumer_state{queue="mail",consumer_state="running"} 0
                consumer_state{queue="mail",consumer_state="stopped"} 0
                consumer_state{queue="orders",consumer_state="paused"} 0
                consumer_state{queue="orders",consumer_state="running"} 1
                consumer_state{queue="orders",consumer_state="stopped"} 0
                """),
            text);
    }

    [Fact]
    public async Task State_set_is_typed_stateset_in_OpenMetrics()
    {
        var text = await RenderAsync(ExpositionFormat.OpenMetrics, StateSet());

        Assert.Equal(
            Lines("""
                # TYPE consumer_state stateset
                # HELP consumer_state Consumer state.
                consumer_state{queue="mail",consumer_state="paused"} 1
                consumer_state{queue="mail",consumer_state="running"} 0
                consumer_state{queue="mail",consumer_state="stopped"} 0
                consumer_state{queue="orders",consumer_state="paused"} 0
                consumer_state{queue="orders",consumer_state="running"} 1
                consumer_state{queue="orders",consumer_state="stopped"} 0
                # EOF
                """),
            text);
    }

    [Fact]
    public async Task Info_with_only_replaced_information_is_left_out_whole()
    {
        var replaced = Family("build", Metadata(MetricType.Info, "build", "Build information."), ("_info:{\"version\":\"1.0\"}", 0));

        Assert.Equal(string.Empty, await RenderAsync(ExpositionFormat.PrometheusText, replaced));
    }
}
