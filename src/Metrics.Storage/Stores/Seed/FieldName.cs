using System.Text;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Seed;

/// <summary>
/// The seed's field name, <c>{suffix}:{labels json}</c> (<c>_total:{"kind":"a"}</c>; a gauge's suffix is empty), or the
/// labels JSON part of one. A store hands it over as it read it: text (SQLite, memory) or UTF-8 bytes (Redis), so a scrape
/// decodes no string per field. Compared by content; a text and bytes never compare equal (a family's fields come from one
/// store, so in one form).
/// </summary>
internal readonly struct FieldName : IEquatable<FieldName>
{
    // The whole name, a string or its UTF-8 bytes (one reference keeps a stored sample small), and where this part starts.
    private readonly object? _name;
    private readonly int _start;

    /// <summary>A field name held as text.</summary>
    public FieldName(string text)
        : this((object)text, 0)
    {
    }

    /// <summary>A field name held as UTF-8 bytes, which it keeps (the caller must not change them).</summary>
    public FieldName(byte[] utf8)
        : this((object)utf8, 0)
    {
    }

    private FieldName(object? name, int start)
    {
        _name = name;
        _start = start;
    }

    /// <summary>True when held as UTF-8 bytes (<see cref="Utf8"/>), false for text (<see cref="Text"/>).</summary>
    public bool IsUtf8 => _name is byte[];

    /// <summary>The text; empty when held as bytes.</summary>
    public ReadOnlySpan<char> Text => _name is string text ? text.AsSpan(_start) : default;

    /// <summary>The UTF-8 bytes; empty when held as text.</summary>
    public ReadOnlySpan<byte> Utf8 => _name is byte[] utf8 ? utf8.AsSpan(_start) : default;

    /// <summary>True when both hold the same text.</summary>
    public static bool operator ==(FieldName left, FieldName right) => left.Equals(right);

    /// <summary>True when the texts differ.</summary>
    public static bool operator !=(FieldName left, FieldName right) => !left.Equals(right);

    /// <summary>Composes a field name; <paramref name="suffix"/> is empty for a gauge.</summary>
    public static string Compose(string suffix, string labelsJson) => suffix + ":" + labelsJson;

    /// <summary>
    /// Splits at the first colon into the suffix (one of <see cref="FamilyShape.Suffixes"/> when it is one, so no string
    /// is made for it) and the labels JSON, without copying the JSON or, for bytes, decoding it; false when there is no colon.
    /// </summary>
    public bool TrySplit(out string suffix, out FieldName labelsJson)
    {
        int colon;
        int id;
        if (IsUtf8)
        {
            // ':' is ASCII, and no byte of a multi-byte UTF-8 sequence is: the first ':' byte is the first ':' character.
            var utf8 = Utf8;
            colon = utf8.IndexOf((byte)':');
            id = colon < 0 ? -1 : FamilyShape.SuffixId(utf8[..colon]);
            suffix = colon < 0 ? string.Empty : id >= 0 ? FamilyShape.Suffixes[id] : Encoding.UTF8.GetString(utf8[..colon]);
        }
        else
        {
            var text = Text;
            colon = text.IndexOf(':');
            id = colon < 0 ? -1 : FamilyShape.SuffixId(text[..colon]);
            suffix = colon < 0 ? string.Empty : id >= 0 ? FamilyShape.Suffixes[id] : text[..colon].ToString();
        }

        labelsJson = new FieldName(_name, _start + colon + 1);
        return colon >= 0;
    }

    /// <inheritdoc />
    public bool Equals(FieldName other) =>
        IsUtf8 == other.IsUtf8 && (IsUtf8 ? Utf8.SequenceEqual(other.Utf8) : Text.SequenceEqual(other.Text));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldName other && Equals(other);

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

    /// <summary>The text (decoded on each call when held as bytes).</summary>
    public override string ToString() => _name is string text && _start == 0 ? text : IsUtf8 ? Encoding.UTF8.GetString(Utf8) : Text.ToString();
}
