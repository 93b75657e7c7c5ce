using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Stores;

/// <summary>One stored field of a family, its name as the store read it (text, or Redis's UTF-8 bytes).</summary>
/// <param name="Field">The seed's field name: <c>{suffix}:{labels json}</c>.</param>
/// <param name="Value">The stored value.</param>
internal readonly record struct StoredSample(FieldName Field, double Value)
{
    /// <summary>A field whose name is a string.</summary>
    public StoredSample(string subkey, double value)
        : this(new FieldName(subkey), value)
    {
    }

    /// <summary>A field whose name is UTF-8 bytes, which the sample keeps (the caller must not change them).</summary>
    public StoredSample(byte[] utf8Subkey, double value)
        : this(new FieldName(utf8Subkey), value)
    {
    }

    /// <summary>The seed's field name: <c>{suffix}:{labels json}</c> (decoded on each call when held as bytes).</summary>
    public string Subkey => Field.ToString();
}
