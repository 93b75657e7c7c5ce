namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>Sends requests to the web example.</summary>
internal static class WorkRequests
{
    public static async Task SendAsync(Uri baseAddress, string kind, int count)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var i = 0; i < count; i++)
        {
            (await client.GetAsync($"/work/{kind}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }
    }
}
