namespace Prometheus.Distributed.Exposition;

/// <summary>The labels JSON part of a field name, compared by content without copying it out of the field.</summary>
internal readonly struct FieldJson : IEquatable<FieldJson>
{
    private readonly string _text;
    private readonly int _start;

    /// <summary>The JSON of a field name.</summary>
    /// <param name="subkey">The whole field name, <c>{suffix}:{labels json}</c>.</param>
    /// <param name="start">Where the JSON starts (just after the first colon).</param>
    public FieldJson(string subkey, int start)
    {
        _text = subkey;
        _start = start;
    }

    /// <summary>The JSON text.</summary>
    public ReadOnlySpan<char> Text => _text.AsSpan(_start);

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
