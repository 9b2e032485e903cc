namespace Amove.CloudAccounts.TestSupport;

/// <summary>
/// Waits for something the test cannot be told about (a database row, a mail server's inbox) to come true, checking
/// on a timer. It only ever waits for a thing to happen, never to prove that one did not; the limit only keeps a
/// broken test from hanging.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, string description, TimeSpan? limit = null)
    {
        using var giveUp = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        using var ticks = new PeriodicTimer(Interval);
        while (!await condition())
        {
            try
            {
                await ticks.WaitForNextTickAsync(giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Still waiting for {description}.");
            }
        }
    }
}
