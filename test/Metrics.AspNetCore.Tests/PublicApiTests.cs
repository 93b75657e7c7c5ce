using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// Every public type and member of both packages, compared with the checked-in PublicApi.txt: a change of the public
/// surface is a decision made in review. After an intended change, run the tests with UPDATE_PUBLIC_API=1 and commit
/// the rewritten file.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_list()
    {
        var actual = Describe(typeof(DistributedMetrics).Assembly, typeof(IDistributedMetricsBuilder).Assembly);
        var path = Path.Combine(RepositoryRoot.Path, "test", "Metrics.AspNetCore.Tests", "PublicApi.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string Describe(params Assembly[] assemblies)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var text = new StringBuilder();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(type.FullName).Append('\n');
            var members = type.GetMembers(Declared)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => "  " + m)
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                text.Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : "class";
}
