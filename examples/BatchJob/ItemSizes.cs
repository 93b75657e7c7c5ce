namespace BatchJob;

/// <summary>
/// The sizes of the job's items, in bytes: item <c>n</c> of a named distribution, a function of <c>n</c> alone, so that
/// every process (and a test) knows every size without sharing state. <c>uniform</c> takes each size from 1 to 100 000
/// once per 100 000 items; <c>lognormal</c> has a median of 10 kB (sigma 1); <c>bimodal</c> is half small items around
/// 2 kB and half large ones around 500 kB.
/// </summary>
public static class ItemSizes
{
    /// <summary>The distributions <see cref="Of"/> knows.</summary>
    public static IReadOnlyList<string> Distributions { get; } = ["uniform", "lognormal", "bimodal"];

    /// <summary>The size of item <paramref name="n"/> of <paramref name="distribution"/>, in whole bytes (at least 1).</summary>
    /// <exception cref="ArgumentException">The distribution is not one of <see cref="Distributions"/>.</exception>
    public static double Of(string distribution, long n) => distribution switch
    {
        "uniform" => 1 + (n * 7919 % 100_000),
        "lognormal" => Bytes(10_000 * Math.Exp(Normal(n))),
        "bimodal" => Bytes((Unit(n, 2) < 0.5 ? 2_000 : 500_000) * Math.Exp(0.3 * Normal(n))),
        _ => throw new ArgumentException(
            $"Unknown size distribution '{distribution}': use one of {string.Join(", ", Distributions)}.", nameof(distribution)),
    };

    private static double Bytes(double size) => Math.Max(1, Math.Ceiling(size));

    /// <summary>A standard normal value for item <paramref name="n"/> (Box-Muller on two of its uniform values).</summary>
    private static double Normal(long n) => Math.Sqrt(-2 * Math.Log(Unit(n, 0))) * Math.Cos(2 * Math.PI * Unit(n, 1));

    /// <summary>A value in (0, 1) for item <paramref name="n"/> and <paramref name="stream"/>: SplitMix64 of both.</summary>
    private static double Unit(long n, int stream)
    {
        var z = unchecked(((ulong)n * 3) + (ulong)stream + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return ((z >> 11) + 0.5) / (1UL << 53);
    }
}
