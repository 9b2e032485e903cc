namespace Amove.CloudAccounts.Core.AmoveStorage.Usage;

/// <summary>
/// Lets a request ask for a usage sample soon (right after provisioning) without taking it on the request path:
/// the background sampler waits on this signal between its periodic runs.
/// </summary>
public sealed class UsageSamplingSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Wakes the sampler; wakes that arrive while it is already awake count once.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one run will see every subscription that is due.
        }
    }

    /// <summary>Waits for a wake or for <paramref name="timeout"/>, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
