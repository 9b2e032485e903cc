namespace Amove.CloudAccounts.TestSupport;

/// <summary>
/// Lets a test wait for a fake's state to reach a condition without polling: whoever changes the state calls
/// <see cref="Notify"/>, and <see cref="WaitUntilAsync"/> re-checks the condition on every change.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _changed = NewSignal();

    public void Notify() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    /// <summary>Completes when <paramref name="condition"/> holds; the limit only keeps a broken test from hanging, it proves nothing.</summary>
    /// <param name="whatHappened">The state to report when the limit is reached.</param>
    public async Task WaitUntilAsync(Func<bool> condition, Func<string> whatHappened, TimeSpan? limit = null)
    {
        using var giveUp = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(whatHappened());
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
