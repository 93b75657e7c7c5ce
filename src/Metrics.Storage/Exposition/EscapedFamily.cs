namespace Prometheus.Distributed.Exposition;

/// <summary>A family with its names escaped for a scraper (see <see cref="NameEscaper.Escape(FamilySnapshot, NameEscapingScheme)"/>).</summary>
/// <param name="Name">The family name escaped: the same string when it needed no escaping.</param>
/// <param name="Family">The escaped family: the same one when nothing needed escaping; null when escaping left it no series.</param>
/// <param name="ReservedLabels">Samples of the series left out because a label name became reserved once escaped.</param>
/// <param name="LabelClashes">Samples of the series left out because two label names became equal once escaped.</param>
internal sealed record EscapedFamily(string Name, FamilySnapshot? Family, long ReservedLabels, long LabelClashes);
