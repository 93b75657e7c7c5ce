using Microsoft.Net.Http.Headers;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Chooses the exposition format from a scraper's <c>Accept</c> header, honouring q-values.</summary>
internal static class ExpositionNegotiation
{
    public static ExpositionFormat Choose(IList<string>? accept)
    {
        if (accept is null || accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return ExpositionFormat.PrometheusText;
        }

        ExpositionFormat? best = null;
        var bestQuality = 0.0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            var format = range.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
                ? ExpositionFormat.OpenMetrics
                : (ExpositionFormat?)(range.MatchesAllTypes || range.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || range.MediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase)
                    ? ExpositionFormat.PrometheusText
                    : null);
            if (format is { } chosen && quality > bestQuality)
            {
                best = chosen;
                bestQuality = quality;
            }
        }

        return best ?? ExpositionFormat.PrometheusText;
    }
}
