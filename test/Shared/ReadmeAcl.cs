namespace Prometheus.Distributed.Testing;

/// <summary>
/// The least-privilege Redis ACL user the README documents (its line <c>ACL SETUSER metrics on &gt;change-me ~shop* …</c>),
/// so tests grant exactly what a reader is told to grant.
/// </summary>
internal static class ReadmeAcl
{
    private const string Command = "ACL SETUSER metrics ";

    /// <summary>The README's rules with its prefix <c>shop</c> and password <c>change-me</c> replaced.</summary>
    public static string[] Rules(string prefix, string password)
    {
        var line = File.ReadLines(Path.Combine(RepositoryRoot.Path, "README.md"))
            .Select(l => l.Trim())
            .SingleOrDefault(l => l.StartsWith(Command, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"README.md has no line starting with '{Command}'.");
        var rules = line[Command.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(">change-me", rules);
        Assert.Contains("~shop*", rules);
        return [.. rules.Select(r => r switch
        {
            ">change-me" => ">" + password,
            "~shop*" => "~" + prefix + "*",
            _ => r,
        })];
    }
}
