namespace Prometheus.Distributed.Exposition;

/// <summary>The label values of <see cref="SkipReason"/>.</summary>
internal static class SkipReasons
{
    /// <summary>Every reason, in declaration order.</summary>
    public static IReadOnlyList<SkipReason> All { get; } = Enum.GetValues<SkipReason>();

    /// <summary>The <c>reason</c> label value, e.g. <c>reserved_label</c>.</summary>
    public static string Label(SkipReason reason) => reason switch
    {
        SkipReason.ReservedLabel => "reserved_label",
        SkipReason.UndeclaredLabel => "undeclared_label",
        SkipReason.NotANumber => "not_a_number",
        SkipReason.BadHistogram => "bad_histogram",
        SkipReason.UnparsableField => "unparsable_field",
        SkipReason.NotAHash => "not_a_hash",
        SkipReason.NameClash => "name_clash",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown skip reason."),
    };
}
