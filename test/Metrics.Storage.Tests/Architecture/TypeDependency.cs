namespace Prometheus.Distributed.Tests.Architecture;

/// <summary>One type of the library using another (in a signature, a field, a base type or a method body).</summary>
/// <param name="From">The using type's full name (a nested type counts as its outermost declaring type).</param>
/// <param name="To">The used type's full name.</param>
internal readonly record struct TypeDependency(string From, string To)
{
    /// <summary>The namespace of <see cref="From"/>.</summary>
    public string FromNamespace => NamespaceOf(From);

    /// <summary>The namespace of <see cref="To"/>.</summary>
    public string ToNamespace => NamespaceOf(To);

    /// <summary>The type name without its namespace.</summary>
    public static string NameOf(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];

    private static string NamespaceOf(string fullName) => fullName[..Math.Max(fullName.LastIndexOf('.'), 0)];

    public override string ToString() => $"{From} -> {To}";
}
