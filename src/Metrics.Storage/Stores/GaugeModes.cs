namespace Prometheus.Distributed.Stores;

/// <summary>What a <see cref="GaugeMode"/> implies for storage and exposition.</summary>
internal static class GaugeModes
{
    /// <summary>The label that tells instances apart in the per-instance modes.</summary>
    public const string InstanceLabel = "instance";

    /// <summary>True when each instance stores a value of its own (every mode but <see cref="GaugeMode.MostRecent"/>).</summary>
    public static bool IsPerInstance(this GaugeMode mode) => mode != GaugeMode.MostRecent;

    /// <summary>True when only live instances count.</summary>
    public static bool IsLive(this GaugeMode mode) =>
        mode is GaugeMode.LiveSum or GaugeMode.LiveMax or GaugeMode.LiveMin or GaugeMode.LivePerInstance;

    /// <summary>True when the exposition has one series per instance, labelled <see cref="InstanceLabel"/>.</summary>
    public static bool LabelsInstances(this GaugeMode mode) => mode is GaugeMode.PerInstance or GaugeMode.LivePerInstance;
}
