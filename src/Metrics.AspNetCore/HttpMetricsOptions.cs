using Microsoft.AspNetCore.Http;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Prometheus.Distributed;

/// <summary>
/// Options of <c>app.UseDistributedHttpMetrics(...)</c>: the metric names' prefix, which of the default labels
/// (<c>code</c>, <c>method</c>, <c>route</c>) to keep, and labels of your own computed from the request.
/// </summary>
public sealed class HttpMetricsOptions
{
    private readonly List<HttpMetricsLabel> customLabels = [];

    /// <summary>
    /// The start of every metric name: <c>{Prefix}_requests_received_total</c>, <c>{Prefix}_request_duration_seconds</c>,
    /// <c>{Prefix}_requests_in_progress</c>. Default <c>http</c>.
    /// </summary>
    public string Prefix { get; set; } = "http";

    /// <summary>Whether the count and duration carry the response status code as label <c>code</c>. Default true.</summary>
    public bool IncludeStatusCode { get; set; } = true;

    /// <summary>
    /// Whether every metric carries the request method as label <c>method</c>. Default true. Methods other than
    /// the nine of RFC 9110 and PATCH are counted as <c>OTHER</c>, so a client cannot create series at will.
    /// </summary>
    public bool IncludeMethod { get; set; } = true;

    /// <summary>
    /// Whether every metric carries the matched route template (e.g. <c>/orders/{id}</c>, never the raw path) as
    /// label <c>route</c>. Default true. Requests that matched no endpoint get the empty value.
    /// </summary>
    public bool IncludeRoute { get; set; } = true;

    /// <summary>Throws when <see cref="Prefix"/> cannot start a metric name, naming the setting.</summary>
    internal void Validate()
    {
        var valid = !string.IsNullOrEmpty(Prefix)
            && (char.IsAsciiLetter(Prefix[0]) || Prefix[0] is '_' or ':')
            && Prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
        if (!valid)
        {
            throw new ArgumentException(
                $"HttpMetrics: Prefix must match [a-zA-Z_:][a-zA-Z0-9_:]*, since it starts every metric name; it is '{Prefix}'.",
                nameof(Prefix));
        }
    }

    /// <summary>The labels added with <see cref="AddLabel"/>, in the order they were added.</summary>
    internal IReadOnlyList<HttpMetricsLabel> CustomLabels => customLabels;

    /// <summary>
    /// Adds a label to every metric, computed from the request. Count and duration take the value when the
    /// response is done (so a value set by authentication or the endpoint is seen); the in-progress gauge takes it
    /// when the request arrives. A null value becomes the empty value. Keep the set of values small: every distinct
    /// value is a series in the store.
    /// </summary>
    /// <param name="name">The label name, e.g. <c>tenant</c>.</param>
    /// <param name="value">Computes the value from the request; called on every request, so keep it cheap.</param>
    /// <returns>These options, to chain calls.</returns>
    public HttpMetricsOptions AddLabel(string name, Func<HttpContext, string?> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        customLabels.Add(new HttpMetricsLabel(name, value));
        return this;
    }
}
