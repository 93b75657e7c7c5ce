namespace Prometheus.Distributed.Stores;

/// <summary>
/// The store refused this process access (credentials, permissions, an untrusted certificate): retrying as is will
/// not help until the configuration or the store's access rules change. <see cref="Problem"/> says what was refused in
/// a few words, for a health report or a 503 body; <see cref="Exception.Message"/> adds what to change.
/// </summary>
internal sealed class StoreAccessException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What was refused, in a few words and without secrets.</param>
    /// <param name="remedy">What to change.</param>
    /// <param name="innerException">The store client's own exception.</param>
    public StoreAccessException(string problem, string remedy, Exception innerException)
        : base(problem + ". " + remedy, innerException)
    {
        Problem = problem;
    }

    /// <summary>What was refused, e.g. "Redis refused the password".</summary>
    public string Problem { get; }
}
