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
    /// names first, then the others in output order; a later one that clashes is left out. A series whose label
    /// names clash once escaped is left out too (as <see cref="SkipReason.NameClash"/>), one with a label name that becomes
    /// reserved once escaped (<c>_.x</c> to <c>__x</c>; as <see cref="SkipReason.ReservedLabel"/>), and a family left
    /// without series. Everything left out is added to <see cref="ExpositionSnapshot.Skipped"/>.
    /// </summary>
    public static ExpositionSnapshot Apply(ExpositionSnapshot snapshot, NameEscapingScheme scheme)
    {
        if (scheme == NameEscapingScheme.AllowUtf8 || !AnyNeedsEscaping(snapshot, scheme))
        {
            return snapshot;
        }

        var families = snapshot.Families;
        var names = new string[families.Count];
        for (var i = 0; i < families.Count; i++)
        {
            names[i] = Escape(families[i].Name, scheme, isLabel: false);
        }

        var keep = SampleNameClaims.Keep(families, names, i => ReferenceEquals(names[i], families[i].Name));
        var output = new List<FamilySnapshot>(families.Count);
        var skipped = snapshot.Skipped.Copy();
        for (var i = 0; i < families.Count; i++)
        {
            var family = families[i];
            if (!keep[i])
            {
                skipped.Add(family.Name, SkipReason.NameClash, family.Series.Sum(static s => s.Samples.Count));
                continue;
            }

            var series = EscapeSeries(family, scheme, skipped);
            if (series.Count == 0 && family.Series.Count > 0)
            {
                continue;
            }

            output.Add(ReferenceEquals(names[i], family.Name) && ReferenceEquals(series, family.Series)
                ? family
                : family with { Name = names[i], Series = series });
        }

        return new ExpositionSnapshot(output, skipped);
    }

    private static IReadOnlyList<SeriesSnapshot> EscapeSeries(FamilySnapshot family, NameEscapingScheme scheme, SkippedEntries skipped)
    {
        var series = family.Series;
        List<SeriesSnapshot>? escaped = null;
        for (var i = 0; i < series.Count; i++)
        {
            var labels = series[i].Labels;
            KeyValuePair<string, string>[]? renamed = null;
            for (var j = 0; j < labels.Count; j++)
            {
                var name = Escape(labels[j].Key, scheme, isLabel: true);
                if (renamed is null && !ReferenceEquals(name, labels[j].Key))
                {
                    renamed = [.. labels];
                    escaped ??= [.. series.Take(i)];
                }

                if (renamed is not null)
                {
                    renamed[j] = new(name, labels[j].Value);
                }
            }

            if (renamed is null)
            {
                escaped?.Add(series[i]);
            }
            else if (scheme != NameEscapingScheme.Dots && BecomesReserved(labels, renamed))
            {
                skipped.Add(family.Name, SkipReason.ReservedLabel, series[i].Samples.Count);
            }
            else if (renamed.DistinctBy(static l => l.Key, StringComparer.Ordinal).Count() < renamed.Length)
            {
                skipped.Add(family.Name, SkipReason.NameClash, series[i].Samples.Count);
            }
            else
            {
                escaped!.Add(series[i] with { Labels = renamed });
            }
        }

        return escaped ?? series;
    }

    /// <summary>
    /// True when a label name turns into one Prometheus reserves (<c>__</c> first) once escaped, as <c>_.x</c> does with
    /// underscores. (With dots, <c>__</c> is how <c>_</c> is written, and the scraper reads it back.)
    /// </summary>
    private static bool BecomesReserved(IReadOnlyList<KeyValuePair<string, string>> stored, KeyValuePair<string, string>[] escaped)
    {
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i].Key.StartsWith("__", StringComparison.Ordinal) && !stored[i].Key.StartsWith("__", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyNeedsEscaping(ExpositionSnapshot snapshot, NameEscapingScheme scheme)
    {
        // Indexed loops: this runs on every read, and enumerating the interfaces would allocate per series.
        var families = snapshot.Families;
        for (var i = 0; i < families.Count; i++)
        {
            if (NeedsEscaping(families[i].Name, scheme, isLabel: false))
            {
                return true;
            }

            var series = families[i].Series;
            for (var j = 0; j < series.Count; j++)
            {
                var labels = series[j].Labels;
                for (var k = 0; k < labels.Count; k++)
                {
                    if (NeedsEscaping(labels[k].Key, scheme, isLabel: true))
                    {
                        return true;
                    }
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
