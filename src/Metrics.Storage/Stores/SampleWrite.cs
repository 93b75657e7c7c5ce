namespace Prometheus.Distributed.Stores;

/// <summary>One field of a family's hash/rows to change.</summary>
/// <param name="Subkey">The seed's field name: <c>{suffix}:{labels json}</c>, e.g. <c>_total:{"kind":"a"}</c>.</param>
/// <param name="Kind">How to apply <paramref name="Value"/>.</param>
/// <param name="Value">The delta or the value.</param>
/// <param name="Exemplar">
/// An exemplar to keep for this field (a counter's <c>_total</c> or a bucket), replacing the stored one; null for none.
/// </param>
internal readonly record struct SampleWrite(string Subkey, WriteKind Kind, double Value, ExemplarWrite? Exemplar = null);
