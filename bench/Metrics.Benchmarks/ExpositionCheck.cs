using System.Text;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// Checks, before the scrape rows are measured, that every source exposes the same thing: the one family of
/// <see cref="SeriesLoad"/> as a counter and its <see cref="SeriesLoad.Count"/> series, nothing else.
/// </summary>
internal static class ExpositionCheck
{
    /// <summary>Runs <paramref name="scrape"/> once into memory and throws if its text differs in families or series count.</summary>
    public static async Task RequireSameSeriesAsync(string source, Func<Stream, Task> scrape)
    {
        using var text = new MemoryStream();
        await scrape(text);
        var lines = Encoding.UTF8.GetString(text.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToArray();
        var series = lines.Count(l => l.StartsWith(SeriesLoad.CounterName + "{", StringComparison.Ordinal));
        var others = lines.Count(l => !l.StartsWith('#') && !l.StartsWith(SeriesLoad.CounterName + "{", StringComparison.Ordinal));
        var expectedFamily = "# TYPE " + SeriesLoad.CounterName + " counter";
        if (families.Length != 1 || families[0] != expectedFamily || series != SeriesLoad.Count || others != 0)
        {
            throw new InvalidOperationException(
                $"{source} exposes [{string.Join(", ", families)}] with {series} series of {SeriesLoad.CounterName} and {others} other " +
                $"samples; the scrape rows compare '{expectedFamily}' with {SeriesLoad.Count} series and nothing else.");
        }
    }
}
