namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// Keeps tokens that are not stored yet (an account being inserted): renewals are serialized, and the latest tokens are
/// in <see cref="Current"/> for whoever stores them.
/// </summary>
public sealed class InMemoryOAuthTokenKeeper(OAuthTokens tokens) : IOAuthTokenKeeper
{
    private readonly SemaphoreSlim _renewing = new(1, 1);

    public OAuthTokens Current { get; private set; } = tokens;

    public async Task<OAuthTokens> RenewAsync(
        OAuthTokens stale, Func<OAuthTokens, CancellationToken, Task<OAuthTokens>> refresh, CancellationToken cancellationToken)
    {
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (!Current.IsSameAs(stale))
            {
                return Current;
            }

            return Current = await refresh(Current, cancellationToken);
        }
        finally
        {
            _renewing.Release();
        }
    }
}
