namespace Prometheus.Distributed.Stores;

/// <summary>How a store applies one sample write.</summary>
internal enum WriteKind
{
    /// <summary>Add the value to the stored one (HINCRBYFLOAT / upsert adding); absent counts as 0.</summary>
    Add,

    /// <summary>Replace the stored value (HSET / upsert replacing).</summary>
    Set,

    /// <summary>Write only when no value is stored yet (HSETNX / insert ignoring conflicts): <c>_created</c>.</summary>
    SetIfAbsent,

    /// <summary>
    /// Remove the field (HDEL / DELETE), with its exemplar; in a per-instance gauge family, every instance's value of
    /// it. Later writes of the same batch recreate it from zero.
    /// </summary>
    Remove,

    /// <summary>
    /// Remove every field of the family (its subkey is empty), with its exemplars and per-instance values; later writes of
    /// the same batch recreate their fields from zero.
    /// </summary>
    Clear,
}
