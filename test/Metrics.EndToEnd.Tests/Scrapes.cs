namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>Waiting for an exposition to show what a test expects.</summary>
internal static class Scrapes
{
    /// <summary>
    /// How long a test waits for flushed data to show. Generous on purpose: it only bounds how long a failing test
    /// takes, while a passing one returns as soon as the data shows (normally within a flush interval).
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Scrapes until the body contains every expected line, or fails after the time limit.</summary>
    public static Task<string> WaitForLinesAsync(Uri baseAddress, TimeSpan limit, params string[] lines) =>
        WaitForAsync(
            baseAddress,
            limit,
            body => lines.All(line => body.Contains(line + "\n", StringComparison.Ordinal)),
            $"[{string.Join(" | ", lines)}]");

    /// <summary>Scrapes until <paramref name="done"/> holds for the body, or fails after the time limit naming <paramref name="what"/>.</summary>
    public static async Task<string> WaitForAsync(Uri baseAddress, TimeSpan limit, Func<string, bool> done, string what)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(limit);
        var body = string.Empty;
        try
        {
            while (!done(body))
            {
                await Task.Delay(50, deadline.Token);
                body = await client.GetStringAsync("/metrics", deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Within {limit} the scrape of {baseAddress} did not show {what}; last body:\n{body}");
        }

        return body;
    }
}
