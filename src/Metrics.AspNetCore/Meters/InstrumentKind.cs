namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>The System.Diagnostics.Metrics instrument kinds the bridge records, each mapped to one metric type.</summary>
internal enum InstrumentKind
{
    /// <summary><c>Counter&lt;T&gt;</c>: a counter, incremented by each measurement.</summary>
    Counter,

    /// <summary><c>UpDownCounter&lt;T&gt;</c>: a <see cref="GaugeMode.LiveSum"/> gauge, moved by each measurement.</summary>
    UpDownCounter,

    /// <summary><c>Histogram&lt;T&gt;</c>: a histogram, observing each measurement.</summary>
    Histogram,

    /// <summary><c>ObservableCounter&lt;T&gt;</c>: a counter, incremented by the rise of the observed cumulative value.</summary>
    ObservableCounter,

    /// <summary><c>ObservableUpDownCounter&lt;T&gt;</c>: a <see cref="GaugeMode.LiveSum"/> gauge set to the observed value.</summary>
    ObservableUpDownCounter,

    /// <summary>
    /// <c>ObservableGauge&lt;T&gt;</c> and <c>Gauge&lt;T&gt;</c>: a <see cref="GaugeMode.LivePerInstance"/> gauge set to the
    /// observed value.
    /// </summary>
    Gauge,
}
