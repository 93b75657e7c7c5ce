using System.Globalization;
using System.Text;

namespace Prometheus.Distributed.Testing;

/// <summary>
/// Runs an OpenMetrics body through promtool's OpenMetrics parser: <c>promtool tsdb create-blocks-from openmetrics</c>
/// (<c>promtool check metrics</c> reads the text format 0.0.4 only). The backfill command needs a timestamp on every
/// sample, so one is put after each sample's value (before its exemplar); everything else is the body byte for byte.
/// </summary>
internal static class OpenMetricsCheck
{
    private const string Timestamp = " 1700000000";

    /// <summary>The promtool outcome and how many sample lines the body has.</summary>
    public static async Task<(PromtoolResult Result, int SampleLines)> RunAsync(string promtool, string body, CancellationToken cancellationToken)
    {
        var stamped = new StringBuilder(body.Length * 2);
        var sampleLines = 0;
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                stamped.Append(line).Append('\n');
                continue;
            }

            sampleLines++;
            var valueEnd = ValueEnd(line);
            stamped.Append(line, 0, valueEnd).Append(Timestamp).Append(line, valueEnd, line.Length - valueEnd).Append('\n');
        }

        using var folder = new TempFolder();
        var input = folder.File("input.om");
        await File.WriteAllTextAsync(input, stamped.ToString(), new UTF8Encoding(false), cancellationToken);
        var result = await PromtoolRunner.RunAsync(
            promtool,
            ["tsdb", "create-blocks-from", "openmetrics", input, folder.File("blocks")],
            writeStdin: null,
            cancellationToken);
        return (result, sampleLines);
    }

    /// <summary>
    /// Asserts promtool ingested every sample line of <paramref name="body"/>: no error, and the block it wrote holds as
    /// many samples as the body has sample lines.
    /// </summary>
    public static async Task AssertIngestsEverySampleAsync(string promtool, string body, CancellationToken cancellationToken, string context = "")
    {
        var (result, sampleLines) = await RunAsync(promtool, body, cancellationToken);
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, $"{context}{result}\nbody:\n{body}");
        var block = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        var ingested = int.Parse(block.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture);
        Assert.True(sampleLines == ingested, $"{context}{sampleLines} sample lines, {ingested} ingested\nbody:\n{body}");
    }

    /// <summary>Where a sample line's value ends: after the name, the label set (quoted strings skipped) and the value.</summary>
    private static int ValueEnd(string line)
    {
        var i = 0;
        var inQuotes = false;
        var depth = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
            }
            else if (c == ' ' && depth == 0)
            {
                break;
            }
        }

        var valueStart = i + 1;
        var space = line.IndexOf(' ', valueStart);
        return space < 0 ? line.Length : space;
    }
}
