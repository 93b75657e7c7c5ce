using System.Globalization;
using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Escapes names outside the legacy character set for a scraper that did not ask for UTF-8 names, following
/// prometheus/common <c>model.EscapeName</c> (the Prometheus "UTF-8 escaping" and content negotiation specs):
/// <c>underscores</c> and <c>values</c> leave legacy names alone, <c>dots</c> rewrites every name. One deliberate
/// difference: in label names <c>:</c> counts as disallowed (Go keeps it, but the text parsers reject it there), so
/// every escaped label name matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.
/// </summary>
internal static class NameEscaper
{
    /// <summary>The <c>escaping</c> parameter value of <paramref name="scheme"/> (<c>underscores</c>, <c>allow-utf-8</c>, ...).</summary>
    public static string ToParameter(NameEscapingScheme scheme) => scheme switch
    {
        NameEscapingScheme.Underscores => "underscores",
        NameEscapingScheme.Values => "values",
        NameEscapingScheme.Dots => "dots",
        NameEscapingScheme.AllowUtf8 => "allow-utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown name escaping scheme."),
    };

    /// <summary>Reads an <c>escaping</c> parameter value; false for an unknown one (which a server ignores).</summary>
    public static bool TryParse(ReadOnlySpan<char> parameter, out NameEscapingScheme scheme)
    {
        foreach (var candidate in Enum.GetValues<NameEscapingScheme>())
        {
            if (parameter.Equals(ToParameter(candidate), StringComparison.OrdinalIgnoreCase))
            {
                scheme = candidate;
                return true;
            }
        }

        scheme = default;
        return false;
    }

    /// <summary>
    /// <paramref name="name"/> escaped by <paramref name="scheme"/>; the same instance when nothing changes.
    /// <paramref name="isLabel"/> selects the label name character set (no <c>:</c>).
    /// </summary>
    public static string Escape(string name, NameEscapingScheme scheme, bool isLabel)
    {
        if (!NeedsEscaping(name, scheme, isLabel))
        {
            return name;
        }

        var escaped = new StringBuilder(name.Length + 8);
        if (scheme == NameEscapingScheme.Values)
        {
            escaped.Append("U__");
        }

        var position = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            var legacy = IsLegacyRune(rune, position++ == 0, isLabel);
            switch (scheme)
            {
                case NameEscapingScheme.Underscores:
                    escaped.Append(legacy ? (char)rune.Value : '_');
                    break;
                case NameEscapingScheme.Dots:
                    escaped.Append(rune.Value switch
                    {
                        '_' => "__",
                        '.' => "_dot_",
                        _ => legacy ? ((char)rune.Value).ToString() : "__",
                    });
                    break;
                default:
                    if (rune.Value == '_')
                    {
                        escaped.Append("__");
                    }
                    else if (legacy)
                    {
                        escaped.Append((char)rune.Value);
                    }
                    else
                    {
                        // Lone surrogates never reach here (names are validated); EnumerateRunes would give U+FFFD,
                        // which Go's value escaping writes as _FFFD_ too.
                        escaped.Append('_').Append(rune.Value.ToString("x", CultureInfo.InvariantCulture)).Append('_');
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// <paramref name="snapshot"/> with every metric and label name escaped by <paramref name="scheme"/> (unchanged
    /// for <see cref="NameEscapingScheme.AllowUtf8"/> or when no name needs it). Two families whose names, or sample
    /// names, would be equal once escaped cannot both be written: families whose name needs no escaping claim their
    /// names first, then the others in output order; a later one that clashes is left out. Series that escaping leaves
    /// out (see <see cref="Escape(FamilySnapshot, NameEscapingScheme)"/>) are counted, and a family left without
    /// series is left out. Everything left out is added to <see cref="ExpositionSnapshot.Skipped"/>.
    /// </summary>
    public static ExpositionSnapshot Apply(ExpositionSnapshot snapshot, NameEscapingScheme scheme)
    {
        var families = snapshot.Families;
        var escaped = new EscapedFamily[families.Count];
        var changed = false;
        for (var i = 0; i < families.Count; i++)
        {
            escaped[i] = families[i].Escaped(scheme);
            changed |= !ReferenceEquals(escaped[i].Family, families[i]);
        }

        if (!changed)
        {
            return snapshot;
        }

        var keep = SampleNameClaims.Keep(
            families, [.. escaped.Select(static e => e.Name)], i => ReferenceEquals(escaped[i].Name, families[i].Name));
        var output = new List<FamilySnapshot>(families.Count);
        var skipped = snapshot.Skipped.Copy();
        for (var i = 0; i < families.Count; i++)
        {
            if (!keep[i])
            {
                skipped.Add(families[i].Name, SkipReason.NameClash, families[i].SampleCount);
                continue;
            }

            skipped.Add(families[i].Name, SkipReason.ReservedLabel, escaped[i].ReservedLabels);
            skipped.Add(families[i].Name, SkipReason.NameClash, escaped[i].LabelClashes);
            if (escaped[i].Family is { } family)
            {
                output.Add(family);
            }
        }

        return new ExpositionSnapshot(output, skipped);
    }

    /// <summary>
    /// <paramref name="family"/> with its name and label names escaped by <paramref name="scheme"/> (the same family
    /// when none needs it). A series whose label names clash once escaped is left out (counted as
    /// <see cref="EscapedFamily.LabelClashes"/>), one with a label name that becomes reserved once escaped (<c>_.x</c>
    /// to <c>__x</c>; <see cref="EscapedFamily.ReservedLabels"/>) too, and a family left without series is none.
    /// </summary>
    public static EscapedFamily Escape(FamilySnapshot family, NameEscapingScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (scheme == NameEscapingScheme.AllowUtf8)
        {
            return new EscapedFamily(family.Name, family, 0, 0);
        }

        var name = Escape(family.Name, scheme, isLabel: false);
        var labelNames = family.LabelNames;
        string[]? renamed = null;
        for (var i = 0; i < labelNames.Count; i++)
        {
            var label = Escape(labelNames[i], scheme, isLabel: true);
            if (renamed is null && !ReferenceEquals(label, labelNames[i]))
            {
                renamed = [.. labelNames];
            }

            if (renamed is not null)
            {
                renamed[i] = label;
            }
        }

        if (renamed is null)
        {
            return new EscapedFamily(name, ReferenceEquals(name, family.Name) ? family : family.Renamed(name, [.. labelNames]), 0, 0);
        }

        return EscapeSeries(family, name, renamed, scheme);
    }

    private static EscapedFamily EscapeSeries(FamilySnapshot family, string name, string[] renamed, NameEscapingScheme scheme)
    {
        var stored = family.LabelNames;
        var table = family.Table;
        var order = table.RentOrder(family.SeriesCount);
        var kept = 0;
        long reserved = 0;
        long clashes = 0;
        for (var i = 0; i < family.SeriesCount; i++)
        {
            var series = family.Series(i);
            var labels = table.LabelsOf(series);
            var touched = false;
            var becomesReserved = false;
            foreach (var label in labels)
            {
                var escaped = renamed[label.Name];
                touched |= !ReferenceEquals(escaped, stored[label.Name]);

                // With dots, __ is how _ is written, and the scraper reads it back.
                becomesReserved |= scheme != NameEscapingScheme.Dots
                    && escaped.StartsWith("__", StringComparison.Ordinal) && !stored[label.Name].StartsWith("__", StringComparison.Ordinal);
            }

            if (touched && becomesReserved)
            {
                reserved += series.SampleCount;
            }
            else if (touched && HasClash(labels, renamed))
            {
                clashes += series.SampleCount;
            }
            else
            {
                order[kept++] = family.SeriesId(i);
            }
        }

        var escapedFamily = kept == 0 && family.SeriesCount > 0 ? null : family.With(name, renamed, order, kept);
        return new EscapedFamily(name, escapedFamily, reserved, clashes);
    }

    /// <summary>True when two labels of a series have the same name once escaped.</summary>
    private static bool HasClash(ReadOnlySpan<TableLabel> labels, string[] renamed)
    {
        for (var i = 1; i < labels.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(renamed[labels[i].Name], renamed[labels[j].Name], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool NeedsEscaping(string name, NameEscapingScheme scheme, bool isLabel) => scheme switch
    {
        NameEscapingScheme.AllowUtf8 => false,
        _ when name.Length == 0 => false,
        NameEscapingScheme.Dots => name.AsSpan().ContainsAny('_', '.') || !IsLegacy(name, isLabel),
        _ => !IsLegacy(name, isLabel),
    };

    private static bool IsLegacy(string name, bool isLabel) =>
        isLabel ? ExpositionNames.IsValidLabelName(name) : ExpositionNames.IsValidMetricName(name);

    private static bool IsLegacyRune(Rune rune, bool first, bool isLabel) =>
        rune.IsAscii
        && (char.IsAsciiLetter((char)rune.Value)
            || rune.Value == '_'
            || (rune.Value == ':' && !isLabel)
            || (!first && char.IsAsciiDigit((char)rune.Value)));
}
