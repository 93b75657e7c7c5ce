using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// Room for the label values of one measurement on the stack, so recording one takes no array from a pool; metrics
/// with more labels than <see cref="Capacity"/> rent one.
/// </summary>
[InlineArray(Capacity)]
internal struct LabelValueBuffer
{
    /// <summary>The most label values the buffer holds.</summary>
    public const int Capacity = 16;

    private string first;
}
