namespace Prometheus.Distributed.Tests.Architecture;

/// <summary>
/// Which layer (namespace below <c>Prometheus.Distributed</c>) may use which: the map of the README's "How it works".
/// A namespace belongs to the longest layer its name starts with (<c>Exposition.Protobuf</c> to <c>Exposition</c>).
/// The root namespace is the public API and its wiring: it may use every layer, and every layer may use its vocabulary
/// (interfaces, options, enums, <see cref="MetricType"/>), but not the types that wire the layers together.
/// </summary>
internal sealed class LayerRules
{
    /// <summary>The root namespace.</summary>
    public const string Root = "Prometheus.Distributed";

    private readonly Dictionary<string, string[]> mayUse;
    private readonly HashSet<string> composition;

    /// <summary>Creates rules from each layer's allowed layers and the root's wiring types (by name).</summary>
    public LayerRules(Dictionary<string, string[]> mayUse, params string[] composition)
    {
        this.mayUse = mayUse;
        this.composition = [.. composition];
    }

    /// <summary>The library's layers, from the bottom up.</summary>
    public static LayerRules Library { get; } = new(
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Exposition"] = [],
            ["Labels"] = ["Exposition"],
            ["Stores.Seed"] = ["Exposition", "Labels"],
            ["Stores"] = ["Stores.Seed", "Exposition", "Labels"],
            ["Stores.Reading"] = ["Stores", "Stores.Seed", "Exposition", "Labels"],
            ["Stores.InMemory"] = ["Stores", "Stores.Seed", "Exposition", "Labels"],
            ["Stores.Redis"] = ["Stores", "Stores.Seed", "Exposition", "Labels"],
            ["Stores.Sqlite"] = ["Stores", "Stores.Seed", "Exposition", "Labels"],
            ["Metrics.Cells"] = [],
            ["Flushing"] = ["Stores", "Exposition", "Labels"],
            ["Metrics"] = ["Metrics.Cells", "Flushing", "Stores", "Stores.Seed", "Exposition", "Labels"],
            ["Collectors"] = ["Exposition", "Labels"],
            ["Graphite"] = ["Exposition"],
            ["Monitoring"] = ["Flushing", "Metrics", "Stores", "Exposition", "Labels"],
            ["Runtime"] = [],
        },
        "DistributedMetrics",
        "MetricsSnapshot",
        "MetricStoreFactory",
        "StoreScrape",
        "SharedReadCache`2");

    /// <summary>The layers and the layers each may use.</summary>
    public IReadOnlyDictionary<string, string[]> MayUse => mayUse;

    /// <summary>Every dependency these rules forbid, explained; empty when all point one way.</summary>
    public IReadOnlyList<string> Violations(IEnumerable<TypeDependency> dependencies)
    {
        var violations = new List<string>();
        foreach (var dependency in dependencies)
        {
            if (Violation(dependency) is { } violation)
            {
                violations.Add(violation);
            }
        }

        return violations;
    }

    /// <summary>The layer of namespace <paramref name="ns"/>: "" for the root, null outside the library.</summary>
    public string? LayerOf(string ns)
    {
        if (ns == Root)
        {
            return string.Empty;
        }

        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var below = ns[(Root.Length + 1)..];
        return mayUse.Keys
            .Where(layer => below == layer || below.StartsWith(layer + ".", StringComparison.Ordinal))
            .MaxBy(layer => layer.Length) ?? below;
    }

    private string? Violation(TypeDependency dependency)
    {
        var from = LayerOf(dependency.FromNamespace);
        var to = LayerOf(dependency.ToNamespace);
        if (from is null or "" || to is null || from == to)
        {
            return null;
        }

        if (!mayUse.TryGetValue(from, out var allowed))
        {
            return $"{dependency}: namespace {dependency.FromNamespace} is in no layer; give it a place in the layer map.";
        }

        if (to.Length == 0)
        {
            return composition.Contains(TypeDependency.NameOf(dependency.To))
                ? $"{dependency}: {from} uses the wiring of the root namespace, which uses the layers."
                : null;
        }

        return allowed.Contains(to)
            ? null
            : $"{dependency}: {from} may use only [{string.Join(", ", allowed)}], not {to}.";
    }
}
