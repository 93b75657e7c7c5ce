using System.Globalization;
using System.Text;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Graphite;

/// <summary>
/// Writes a snapshot in Graphite's plaintext protocol, one line per sample of the Prometheus text exposition
/// (no <c>_created</c>), like the Python client's bridge: the sample name and the labels sorted by name, names and
/// values with every character outside <c>[a-zA-Z0-9_-]</c> replaced by <c>_</c>. Labels with an empty value (absent
/// in Prometheus' data model) and values that are not finite (carbon drops them) are left out.
/// </summary>
internal static class GraphiteLines
{
    /// <summary>The lines of <paramref name="snapshot"/>, all stamped <paramref name="unixSeconds"/>.</summary>
    public static string Write(ExpositionSnapshot snapshot, GraphiteBridgeOptions options, long unixSeconds)
    {
        var text = new StringBuilder();
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var labels = new List<KeyValuePair<string, string>>();
        var created = FamilyShape.SuffixId(FamilyShape.Created);
        foreach (var family in snapshot.Families)
        {
            var table = family.Table;
            for (var i = 0; i < family.SeriesCount; i++)
            {
                var series = family.Series(i);
                foreach (var sample in table.SamplesOf(series))
                {
                    if (sample.Suffix == created || !double.IsFinite(sample.Value))
                    {
                        continue;
                    }

                    labels.Clear();
                    foreach (var label in table.LabelsOf(series))
                    {
                        if (label.Length > 0)
                        {
                            labels.Add(new(family.LabelName(label), table.ValueText(label)));
                        }
                    }

                    if (sample.Bound >= 0)
                    {
                        labels.Add(new(sample.BoundLabel, table.BoundText(sample.Bound)));
                    }

                    labels.Sort(static (x, y) => string.CompareOrdinal(x.Key, y.Key));
                    WriteLine(text, options, family.Name + FamilyShape.Suffixes[sample.Suffix], labels, sample.Value, timestamp);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Replaces every character outside <c>[a-zA-Z0-9_-]</c> with <c>_</c>, one per code point like Python's regex (a
    /// UTF-8 name such as <c>queue.depth 😀</c> becomes <c>queue_depth__</c>), so every name is a valid Graphite path.
    /// </summary>
    public static string Sanitize(string text)
    {
        if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            // A pair becomes one placeholder character, which the pass below turns into one '_'.
            text = string.Concat(text.EnumerateRunes().Select(static r => r.IsBmp ? ((char)r.Value).ToString() : "_"));
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' ? c : '_';
            }
        });
    }

    private static void WriteLine(
        StringBuilder text,
        GraphiteBridgeOptions options,
        string name,
        List<KeyValuePair<string, string>> labels,
        double value,
        string timestamp)
    {
        if (options.Prefix is not null)
        {
            text.Append(options.Prefix).Append('.');
        }

        text.Append(Sanitize(name));
        foreach (var (label, labelValue) in labels)
        {
            text.Append(options.Tags ? ';' : '.')
                .Append(Sanitize(label))
                .Append(options.Tags ? '=' : '.')
                .Append(Sanitize(labelValue));
        }

        text.Append(' ').Append(FloatFormatter.FormatGo(value)).Append(' ').Append(timestamp).Append('\n');
    }
}
