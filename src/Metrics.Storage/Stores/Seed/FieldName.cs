using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Seed;

/// <summary>
/// The seed's field name, <c>{suffix}:{labels json}</c> (<c>_total:{"kind":"a"}</c>; a gauge's suffix is empty), or the
/// labels JSON part of one, as text: how this process composes and splits the names it writes. (A store hands the names
/// it reads over as <see cref="StoredSample"/>s, as text or as the UTF-8 it read.) Compared by content.
/// </summary>
internal readonly struct FieldName : IEquatable<FieldName>
{
    // The whole name, and where this part starts.
    private readonly string? _name;
    private readonly int _start;

    /// <summary>A field name.</summary>
    public FieldName(string name)
        : this(name, 0)
    {
    }

    private FieldName(string? name, int start)
    {
        _name = name;
        _start = start;
    }

    /// <summary>The text of this name or part.</summary>
    public ReadOnlySpan<char> Text => _name.AsSpan(_name is null ? 0 : _start);

    /// <summary>True when both hold the same text.</summary>
    public static bool operator ==(FieldName left, FieldName right) => left.Equals(right);

    /// <summary>True when the texts differ.</summary>
    public static bool operator !=(FieldName left, FieldName right) => !left.Equals(right);

    /// <summary>Composes a field name; <paramref name="suffix"/> is empty for a gauge.</summary>
    public static string Compose(string suffix, string labelsJson) => suffix + ":" + labelsJson;

    /// <summary>
    /// Splits at the first colon into the suffix (one of <see cref="FamilyShape.Suffixes"/> when it is one, so no string
    /// is made for it) and the labels JSON, without copying the JSON; false when there is no colon.
    /// </summary>
    public bool TrySplit(out string suffix, out FieldName labelsJson)
    {
        var text = Text;
        var colon = text.IndexOf(':');
        var id = colon < 0 ? -1 : FamilyShape.SuffixId(text[..colon]);
        suffix = colon < 0 ? string.Empty : id >= 0 ? FamilyShape.Suffixes[id] : text[..colon].ToString();
        labelsJson = new FieldName(_name, _start + colon + 1);
        return colon >= 0;
    }

    /// <inheritdoc />
    public bool Equals(FieldName other) => Text.SequenceEqual(other.Text);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => string.GetHashCode(Text, StringComparison.Ordinal);

    /// <summary>The text.</summary>
    public override string ToString() => _start == 0 ? _name ?? string.Empty : Text.ToString();
}
