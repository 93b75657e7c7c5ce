namespace Prometheus.Distributed.Testing;

/// <summary>Awaits a condition with a deadline instead of sleeping: the test fails when the deadline passes.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; throws when <paramref name="limit"/> passes first.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            while (!await condition())
            {
                await Task.Delay(10, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{what} did not happen within {limit.TotalSeconds} s.");
        }
    }
}
