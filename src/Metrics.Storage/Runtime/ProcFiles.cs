using System.Globalization;

namespace Prometheus.Distributed.Runtime;

/// <summary>File descriptor figures from Linux's <c>/proc/self</c>; null where it does not exist.</summary>
internal static class ProcFiles
{
    private const string Descriptors = "/proc/self/fd";
    private const string Limits = "/proc/self/limits";
    private const string MaxOpenFilesRow = "Max open files";

    /// <summary>How many file descriptors the process holds open.</summary>
    public static int? OpenFiles() =>
        Directory.Exists(Descriptors) ? Directory.EnumerateFileSystemEntries(Descriptors).Count() : null;

    /// <summary>The soft limit on open file descriptors (<c>RLIMIT_NOFILE</c>); null when unknown or unlimited.</summary>
    public static long? MaxOpenFiles()
    {
        if (!File.Exists(Limits))
        {
            return null;
        }

        // "Max open files            1048576              1048576              files"
        foreach (var line in File.ReadLines(Limits))
        {
            if (line.StartsWith(MaxOpenFilesRow, StringComparison.Ordinal))
            {
                var soft = line[MaxOpenFilesRow.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
            }
        }

        return null;
    }
}
