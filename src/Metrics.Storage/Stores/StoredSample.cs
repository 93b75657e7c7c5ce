using System.Text;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// One stored field of a family. A store that reads field names as UTF-8 bytes (Redis) hands them over as they are:
/// the exposition parses the bytes, so a scrape does not decode one string per field.
/// </summary>
internal readonly record struct StoredSample
{
    // The field name: a string, or its UTF-8 bytes.
    private readonly object _subkey;

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
    {
        _subkey = utf8Subkey;
        Value = value;
    }

    /// <summary>The seed's field name: <c>{suffix}:{labels json}</c> (decoded on each call when held as bytes).</summary>
    public string Subkey => _subkey as string ?? Encoding.UTF8.GetString((byte[])_subkey);

    /// <summary>The field name's UTF-8 bytes when the store handed them over as bytes; else null.</summary>
    public byte[]? Utf8Subkey => _subkey as byte[];

    /// <summary>The stored value.</summary>
    public double Value { get; }
}
