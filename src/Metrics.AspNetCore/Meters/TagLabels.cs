using System.Collections.Concurrent;
using System.Globalization;

namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// The fixed label names of one instrument's metric, declared from tag keys known in advance or else from the tag keys
/// of its first measurement (sorted by name), and the mapping of each later measurement's tags onto them: a missing key gives "", a key not declared is
/// dropped and counted by the caller. Tag values are formatted invariantly; formatted value types are cached, so a
/// measurement of an existing series allocates nothing.
/// </summary>
internal sealed class TagLabels
{
    private const int MaxCachedValues = 256;

    private static readonly string?[] SmallIntegers = new string?[1024];

    private readonly string[] keys;
    private readonly int[] indexHints;
    private readonly ConcurrentDictionary<object, string> formatted = new();

    private TagLabels(string[] keys, string[] names)
    {
        this.keys = keys;
        indexHints = new int[keys.Length];
        Names = names;
    }

    /// <summary>The label names, in the order of the values <see cref="Fill"/> writes.</summary>
    public string[] Names { get; }

    /// <summary>
    /// Declares labels from the tag keys of a first measurement. Keys whose label name would be reserved
    /// (<paramref name="reserved"/>: the metric type's own labels and the static labels, or starting with <c>__</c>) or
    /// a duplicate of another key's are left out.
    /// </summary>
    public static TagLabels FromFirst(ReadOnlySpan<KeyValuePair<string, object?>> tags, IReadOnlyCollection<string> reserved)
    {
        var keys = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            keys[i] = tags[i].Key;
        }

        return FromKeys(keys, reserved);
    }

    /// <summary>
    /// Declares labels from tag keys known in advance (well-known or declared instruments), so the labels do not depend
    /// on which measurement comes first. Reserved and duplicate names are left out as in <see cref="FromFirst"/>.
    /// </summary>
    public static TagLabels FromKeys(IEnumerable<string> tagKeys, IReadOnlyCollection<string> reserved)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in tagKeys)
        {
            var name = PrometheusNames.Label(key);
            if (!name.StartsWith("__", StringComparison.Ordinal) && !reserved.Contains(name))
            {
                byName.TryAdd(name, key);
            }
        }

        return new TagLabels([.. byName.Values], [.. byName.Keys]);
    }

    /// <summary>
    /// Writes the label values of <paramref name="tags"/> into <paramref name="values"/> (as long as
    /// <see cref="Names"/>), "" for each declared key the measurement lacks.
    /// </summary>
    /// <returns>The number of tags dropped because their key is not a declared label.</returns>
    public int Fill(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<string> values)
    {
        values.Fill("");
        var dropped = 0;
        for (var position = 0; position < tags.Length; position++)
        {
            var tag = tags[position];
            var index = IndexOf(tag.Key, position);
            if (index < 0)
            {
                dropped++;
            }
            else
            {
                values[index] = Format(tag.Value);
            }
        }

        return dropped;
    }

    /// <summary>
    /// The index of the label of <paramref name="key"/>, or -1. An instrument's measurements carry their tags in the same
    /// order, so the index found for a tag at a position is tried first for the next tag at that position.
    /// </summary>
    private int IndexOf(string key, int position)
    {
        if (position < indexHints.Length)
        {
            var hint = indexHints[position];
            if (string.Equals(keys[hint], key, StringComparison.Ordinal))
            {
                return hint;
            }

            var index = IndexOf(key);
            if (index >= 0)
            {
                indexHints[position] = index;
            }

            return index;
        }

        return IndexOf(key);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (ReferenceEquals(keys[i], key) || string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private string Format(object? value)
    {
        switch (value)
        {
            case null:
                return "";
            case string text:
                return text;
            case bool flag:
                return flag ? "true" : "false";
            case int number when (uint)number < SmallIntegers.Length:
                return SmallIntegers[number] ??= number.ToString(CultureInfo.InvariantCulture);
        }

        if (!value.GetType().IsValueType)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        if (formatted.TryGetValue(value, out var cached))
        {
            return cached;
        }

        var written = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (formatted.Count < MaxCachedValues)
        {
            formatted.TryAdd(value, written);
        }

        return written;
    }
}
