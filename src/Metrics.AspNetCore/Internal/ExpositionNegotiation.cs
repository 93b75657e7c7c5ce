using Microsoft.Net.Http.Headers;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Chooses the exposition format and name escaping from a scraper's <c>Accept</c> header and whether to gzip from its
/// <c>Accept-Encoding</c>, honouring q-values.
/// </summary>
internal static class ExpositionNegotiation
{
    /// <summary>True when <c>gzip</c> (or <c>*</c>, unless gzip is refused by name) has a positive quality.</summary>
    public static bool AcceptsGzip(IList<string>? acceptEncoding)
    {
        if (acceptEncoding is null || acceptEncoding.Count == 0
            || !StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var codings))
        {
            return false;
        }

        double? gzip = null;
        double? any = null;
        foreach (var coding in codings)
        {
            var quality = coding.Quality ?? 1.0;
            if (coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = quality;
            }
            else if (coding.Value.Equals("*", StringComparison.Ordinal))
            {
                any = quality;
            }
        }

        return (gzip ?? any ?? 0) > 0;
    }

    /// <summary>
    /// The format of the best media range of <paramref name="accept"/> and the name escaping that range asks for in its
    /// <c>escaping</c> parameter (<c>allow-utf-8</c>, <c>underscores</c>, <c>dots</c> or <c>values</c>, as in the
    /// Prometheus content negotiation spec and prometheus/common <c>expfmt.Negotiate</c>); null when it names none or
    /// an unknown one, which the server then ignores.
    /// </summary>
    public static (ExpositionFormat Format, NameEscapingScheme? Escaping) Negotiate(IList<string>? accept)
    {
        if (accept is null || accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return (ExpositionFormat.PrometheusText, null);
        }

        ExpositionFormat? best = null;
        NameEscapingScheme? bestEscaping = null;
        var bestQuality = 0.0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            var format = FormatOf(range);
            if (format is { } chosen && quality > bestQuality)
            {
                best = chosen;
                bestQuality = quality;
                bestEscaping = EscapingOf(range);
            }
        }

        return (best ?? ExpositionFormat.PrometheusText, best is null ? null : bestEscaping);
    }

    /// <summary>
    /// The format a media range names: OpenMetrics, Prometheus protobuf (delimited <c>io.prometheus.client.MetricFamily</c>
    /// messages only), or the text format for <c>text/plain</c>, <c>text/*</c> and <c>*/*</c>; null for anything else.
    /// </summary>
    private static ExpositionFormat? FormatOf(MediaTypeHeaderValue range)
    {
        if (range.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.OpenMetrics;
        }

        if (range.MediaType.Equals("application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return ParameterIs(range, "proto", "io.prometheus.client.MetricFamily") && ParameterIs(range, "encoding", "delimited")
                ? ExpositionFormat.Protobuf
                : null;
        }

        return range.MatchesAllTypes
            || range.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || range.MediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.PrometheusText
            : null;
    }

    private static bool ParameterIs(MediaTypeHeaderValue range, string name, string value) =>
        range.Parameters.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(p.Value).Equals(value, StringComparison.Ordinal));

    private static NameEscapingScheme? EscapingOf(MediaTypeHeaderValue range)
    {
        foreach (var parameter in range.Parameters)
        {
            if (parameter.Name.Equals("escaping", StringComparison.OrdinalIgnoreCase)
                && NameEscaper.TryParse(HeaderUtilities.RemoveQuotes(parameter.Value).AsSpan(), out var scheme))
            {
                return scheme;
            }
        }

        return null;
    }
}
