using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// Recognises StackExchange.Redis failures that are refusals of access (an ACL without a needed command or key, wrong
/// or missing credentials, an untrusted TLS certificate, a cluster whose layout the ACL hides) and says each in a few words with what to change, instead of
/// the client's long connection report.
/// </summary>
internal static partial class RedisAccessErrors
{
    private const string AclRemedy =
        "Grant the user the rules of the README's 'ACL SETUSER metrics …' line (with this store's prefix as the key "
        + "pattern); until then changes wait in memory and are retried.";

    /// <summary>The refusal <paramref name="error"/> stands for, or false when it is another failure.</summary>
    public static bool TryExplain(Exception error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoreAccessException? refusal)
    {
        var chain = Chain(error).ToList();
        var text = string.Join(" | ", chain.Select(e => e.Message));
        refusal = null;
        if (text.Contains("NOPERM", StringComparison.Ordinal))
        {
            refusal = CommandPattern().Match(text) is { Success: true } command
                ? new($"Redis ACL refused command '{command.Groups[1].Value}' to this user (NOPERM)", AclRemedy, error)
                : new("Redis ACL refused this user access to a key or channel (NOPERM)", AclRemedy, error);
        }
        else if (text.Contains("can't run this command", StringComparison.Ordinal))
        {
            refusal = new("Redis ACL refused this user a command the store's script runs", AclRemedy, error);
        }
        else if (text.Contains("CROSSSLOT", StringComparison.Ordinal))
        {
            // The store spreads keys over slots only when the client sees a cluster; it sees none when CLUSTER NODES is
            // refused, and then sends keys of several slots to one node.
            refusal = new(
                "Redis Cluster refused keys of several slots in one call (CROSSSLOT): the client could not read the cluster's layout",
                "Grant the ACL user +cluster|nodes (the README's 'ACL SETUSER metrics …' line has it) on every node; until then "
                + "changes wait in memory and are retried.",
                error);
        }
        else if (chain.OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            refusal = new(
                tls.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase)
                    ? "TLS handshake with Redis failed: the server's certificate is not trusted"
                    : "TLS handshake with Redis failed: " + tls.Message.TrimEnd('.'),
                "Trust the CA that signed it (ConfigurationOptions.TrustIssuer, passed with UseRedis(ConfigurationOptions, prefix)) "
                + "and make sslHost match a name in the certificate.",
                error);
        }
        else if (text.Contains("WRONGPASS", StringComparison.Ordinal) || text.Contains("NOAUTH", StringComparison.Ordinal)
            || text.Contains("AuthenticationFailure", StringComparison.Ordinal))
        {
            refusal = new(
                "Redis refused the password or user of the configuration (" + (text.Contains("WRONGPASS", StringComparison.Ordinal) ? "WRONGPASS" : "NOAUTH") + ")",
                "Check password= (and user= for an ACL user) in the Redis configuration string; until then changes wait in memory and are retried.",
                error);
        }

        return refusal is not null;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    [GeneratedRegex("run the '([^']+)' command")]
    private static partial Regex CommandPattern();
}
