using System.Text;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// One stored field of a family. A store that reads field names as UTF-8 bytes (Redis, SQLite) hands them over as they
/// are, as part of a buffer holding many (<see cref="StoredFields"/>): the exposition parses the bytes, so a scrape does
/// not decode one string per field.
/// </summary>
internal readonly record struct StoredSample
{
    // The field name: a string, or a buffer holding its UTF-8 from _start for _length bytes.
    private readonly object _subkey;
    private readonly int _start;
    private readonly int _length;

    /// <summary>A field whose name is a string.</summary>
    /// <param name="subkey">The seed's field name: <c>{suffix}:{labels json}</c>.</param>
    /// <param name="value">The stored value.</param>
    public StoredSample(string subkey, double value)
    {
        _subkey = subkey;
        Value = value;
    }

    /// <summary>A field whose name is UTF-8 bytes, which the sample keeps (the caller must not change them).</summary>
    /// <param name="utf8Subkey">The seed's field name as UTF-8: <c>{suffix}:{labels json}</c>.</param>
    /// <param name="value">The stored value.</param>
    public StoredSample(byte[] utf8Subkey, double value)
        : this(utf8Subkey, 0, utf8Subkey.Length, value)
    {
    }

    /// <summary>A field whose name is the UTF-8 in <paramref name="buffer"/> from <paramref name="start"/> for <paramref name="length"/> bytes.</summary>
    /// <param name="buffer">The bytes, kept (the caller must not change them while the sample is used).</param>
    /// <param name="start">Where the name starts.</param>
    /// <param name="length">The name's length in bytes.</param>
    /// <param name="value">The stored value.</param>
    public StoredSample(byte[] buffer, int start, int length, double value)
    {
        _subkey = buffer;
        _start = start;
        _length = length;
        Value = value;
    }

    /// <summary>The seed's field name: <c>{suffix}:{labels json}</c> (decoded on each call when held as bytes).</summary>
    public string Subkey => _subkey as string ?? Encoding.UTF8.GetString(Utf8Subkey);

    /// <summary>True when the field name is held as UTF-8 bytes (<see cref="Utf8Subkey"/>).</summary>
    public bool IsUtf8 => _subkey is byte[];

    /// <summary>The field name's UTF-8 bytes when held as bytes; else empty.</summary>
    public ReadOnlySpan<byte> Utf8Subkey => _subkey is byte[] bytes ? bytes.AsSpan(_start, _length) : default;

    /// <summary>The stored value.</summary>
    public double Value { get; }
}
