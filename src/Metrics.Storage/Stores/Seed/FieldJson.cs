namespace Prometheus.Distributed.Stores.Seed;

/// <summary>
/// The labels JSON part of a stored field name, held as text or as UTF-8 bytes, compared by content without copying
/// it out of the field. A text and bytes never compare equal: a family's fields come from one store, so in one form.
/// </summary>
internal readonly struct FieldJson : IEquatable<FieldJson>
{
    private readonly string? _text;
    private readonly byte[]? _utf8;
    private readonly int _start;

    /// <summary>The JSON of a field name held as text.</summary>
    /// <param name="subkey">The whole field name, <c>{suffix}:{labels json}</c>.</param>
    /// <param name="start">Where the JSON starts (just after the first colon).</param>
    public FieldJson(string subkey, int start)
    {
        _text = subkey;
        _start = start;
    }

    /// <summary>The JSON of a field name held as UTF-8 bytes.</summary>
    /// <param name="utf8Subkey">The whole field name, <c>{suffix}:{labels json}</c>, as UTF-8.</param>
    /// <param name="start">Where the JSON starts (just after the first colon).</param>
    public FieldJson(byte[] utf8Subkey, int start)
    {
        _utf8 = utf8Subkey;
        _start = start;
    }

    /// <summary>True when the JSON is held as UTF-8 bytes (<see cref="Utf8"/>), false for text (<see cref="Text"/>).</summary>
    public bool IsUtf8 => _utf8 is not null;

    /// <summary>The JSON text; empty when held as bytes.</summary>
    public ReadOnlySpan<char> Text => _text.AsSpan(_text is null ? 0 : _start);

    /// <summary>The JSON bytes; empty when held as text.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8.AsSpan(_utf8 is null ? 0 : _start);

    /// <summary>True when both hold the same JSON text.</summary>
    public static bool operator ==(FieldJson left, FieldJson right) => left.Equals(right);

    /// <summary>True when the JSON texts differ.</summary>
    public static bool operator !=(FieldJson left, FieldJson right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(FieldJson other) =>
        IsUtf8 == other.IsUtf8 && (IsUtf8 ? Utf8.SequenceEqual(other.Utf8) : Text.SequenceEqual(other.Text));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldJson other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (!IsUtf8)
        {
            return string.GetHashCode(Text, StringComparison.Ordinal);
        }

        var hash = default(HashCode);
        hash.AddBytes(Utf8);
        return hash.ToHashCode();
    }
}
