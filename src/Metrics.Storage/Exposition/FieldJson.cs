namespace Prometheus.Distributed.Exposition;

/// <summary>The labels JSON part of a stored field name, compared by content without copying it out of the field.</summary>
/// <param name="subkey">The whole field name, <c>{suffix}:{labels json}</c>.</param>
/// <param name="start">Where the JSON starts (just after the first colon).</param>
internal readonly struct FieldJson(string subkey, int start) : IEquatable<FieldJson>
{
    /// <summary>The JSON text.</summary>
    public ReadOnlySpan<char> Text => subkey.AsSpan(start);

    /// <summary>True when both hold the same JSON text.</summary>
    public static bool operator ==(FieldJson left, FieldJson right) => left.Equals(right);

    /// <summary>True when the JSON texts differ.</summary>
    public static bool operator !=(FieldJson left, FieldJson right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(FieldJson other) => Text.SequenceEqual(other.Text);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldJson other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => string.GetHashCode(Text, StringComparison.Ordinal);
}
