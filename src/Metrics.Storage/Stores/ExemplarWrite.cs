using System.Diagnostics;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// An exemplar captured by a counter increment or histogram observation: the ids of the sampled activity it ran in,
/// the value and when. Stores keep the latest one per field beside the seed's data.
/// </summary>
/// <param name="TraceId">The W3C trace id (label <c>trace_id</c>).</param>
/// <param name="SpanId">The W3C span id (label <c>span_id</c>).</param>
/// <param name="Value">The increment or the observed value.</param>
/// <param name="UnixMilliseconds">When it was captured, in unix milliseconds.</param>
internal sealed record ExemplarWrite(ActivityTraceId TraceId, ActivitySpanId SpanId, double Value, long UnixMilliseconds);
