namespace Prometheus.Distributed;

/// <summary>
/// How a gauge's values from several instances (processes) are combined. Chosen per gauge when it is declared.
/// </summary>
public enum GaugeMode
{
    /// <summary>One shared value: the last set wins, increments add atomically. Stays after the writer exits.</summary>
    MostRecent,

    /// <summary>Each instance keeps its own value; the exposition shows the sum over every instance that wrote one.</summary>
    Sum,

    /// <summary>Each instance keeps its own value; the exposition shows the largest.</summary>
    Max,

    /// <summary>Each instance keeps its own value; the exposition shows the smallest.</summary>
    Min,

    /// <summary>Each instance keeps its own value; the exposition shows one series per instance, labelled <c>instance</c>.</summary>
    PerInstance,

    /// <summary>Like <see cref="Sum"/>, over live instances only.</summary>
    LiveSum,

    /// <summary>Like <see cref="Max"/>, over live instances only.</summary>
    LiveMax,

    /// <summary>Like <see cref="Min"/>, over live instances only.</summary>
    LiveMin,

    /// <summary>Like <see cref="PerInstance"/>, for live instances only.</summary>
    LivePerInstance,
}
