using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Tests.Names;

/// <summary>
/// Each escaping scheme on the examples of prometheus/common's <c>model.EscapeName</c> tests (the reference the
/// Prometheus UTF-8 escaping spec points to), plus the label name rule this library adds.
/// </summary>
public sealed class NameEscaperTests
{
    [Theory]
    [InlineData("", "", "", "")]
    [InlineData("no:escaping_required", "no:escaping_required", "no:escaping__required", "no:escaping_required")]
    [InlineData("mysystem.prod.west.cpu.load", "mysystem_prod_west_cpu_load", "mysystem_dot_prod_dot_west_dot_cpu_dot_load", "U__mysystem_2e_prod_2e_west_2e_cpu_2e_load")]
    [InlineData("mysystem.prod.west.cpu.load_total", "mysystem_prod_west_cpu_load_total", "mysystem_dot_prod_dot_west_dot_cpu_dot_load__total", "U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total")]
    [InlineData("http.status:sum", "http_status:sum", "http_dot_status:sum", "U__http_2e_status:sum")]
    [InlineData("label with \U0001F631", "label_with__", "label__with____", "U__label_20_with_20__1f631_")]
    [InlineData("label with \u0100", "label_with__", "label__with____", "U__label_20_with_20__100_")]
    [InlineData("\u82b1\u706b", "__", "____", "U___82b1__706b_")]
    [InlineData("1st", "_st", "__st", "U___31_st")]
    public void Metric_names_escape_as_prometheus_common_does(string name, string underscores, string dots, string values)
    {
        Assert.Equal(underscores, NameEscaper.Escape(name, NameEscapingScheme.Underscores, isLabel: false));
        Assert.Equal(dots, NameEscaper.Escape(name, NameEscapingScheme.Dots, isLabel: false));
        Assert.Equal(values, NameEscaper.Escape(name, NameEscapingScheme.Values, isLabel: false));
        Assert.Same(name, NameEscaper.Escape(name, NameEscapingScheme.AllowUtf8, isLabel: false));
    }

    [Theory]
    [InlineData("http.method", "http_method", "http_dot_method", "U__http_2e_method")]
    [InlineData("has:colon", "has_colon", "has__colon", "U__has_3a_colon")]
    [InlineData("plain_label", "plain_label", "plain__label", "plain_label")]
    public void Label_names_escape_to_the_legacy_label_set_colon_included(string name, string underscores, string dots, string values)
    {
        Assert.Equal(underscores, NameEscaper.Escape(name, NameEscapingScheme.Underscores, isLabel: true));
        Assert.Equal(dots, NameEscaper.Escape(name, NameEscapingScheme.Dots, isLabel: true));
        Assert.Equal(values, NameEscaper.Escape(name, NameEscapingScheme.Values, isLabel: true));
    }

    [Theory]
    [InlineData("underscores", NameEscapingScheme.Underscores)]
    [InlineData("values", NameEscapingScheme.Values)]
    [InlineData("dots", NameEscapingScheme.Dots)]
    [InlineData("allow-utf-8", NameEscapingScheme.AllowUtf8)]
    [InlineData("Allow-UTF-8", NameEscapingScheme.AllowUtf8)]
    public void Escaping_parameter_values_round_trip(string parameter, NameEscapingScheme scheme)
    {
        Assert.True(NameEscaper.TryParse(parameter, out var parsed));
        Assert.Equal(scheme, parsed);
        Assert.Equal(parameter.ToLowerInvariant(), NameEscaper.ToParameter(scheme));
    }

    [Fact]
    public void Unknown_escaping_parameter_is_not_parsed()
    {
        Assert.False(NameEscaper.TryParse("percent", out _));
    }
}
