namespace Prometheus.Distributed.Flushing;

/// <summary>How a store applies one sample write.</summary>
internal enum WriteKind
{
    /// <summary>Add the value to the stored one (HINCRBYFLOAT / upsert adding); absent counts as 0.</summary>
    Add,

    /// <summary>Replace the stored value (HSET / upsert replacing).</summary>
    Set,

    /// <summary>Write only when no value is stored yet (HSETNX / insert ignoring conflicts): <c>_created</c>.</summary>
    SetIfAbsent,
}
