namespace Prometheus.Distributed;

/// <summary>
/// How names outside the legacy character set are written for a scraper, as the Prometheus content negotiation spec
/// names them in the <c>escaping</c> parameter of a media type (prometheus/common <c>model.EscapingScheme</c>).
/// </summary>
public enum NameEscapingScheme
{
    /// <summary><c>underscores</c>: every character not allowed in a legacy name becomes <c>_</c> (<c>my.metric</c> → <c>my_metric</c>).</summary>
    Underscores,

    /// <summary>
    /// <c>values</c>: a <c>U__</c> prefix, <c>_</c> doubled, every other disallowed character written as its code point in
    /// hex between underscores (<c>my.metric</c> → <c>U__my_2e_metric</c>). Reversible; legacy names are unchanged.
    /// </summary>
    Values,

    /// <summary>
    /// <c>dots</c>: <c>_</c> doubled, <c>.</c> → <c>_dot_</c>, any other disallowed character → <c>__</c>; applied to
    /// every name, legacy ones included (<c>my.metric</c> → <c>my_dot_metric</c>).
    /// </summary>
    Dots,

    /// <summary>
    /// <c>allow-utf-8</c>: no escaping; a name outside the legacy set is written quoted (<c>{"my.metric",le="1"}</c>).
    /// Only for a scraper that asks for it.
    /// </summary>
    AllowUtf8,
}
