namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// Keeps one cloud account's OAuth tokens where the service stores them, and makes renewing them safe: Box and Microsoft
/// rotate the refresh token on every refresh, so two refreshes at once, or a refresh whose result is not saved, would
/// lose the account's connection for good.
/// </summary>
public interface IOAuthTokenKeeper
{
    /// <summary>
    /// Replaces <paramref name="stale"/> with fresh tokens. At most one renewal per account runs at a time, across
    /// requests and across instances of the service: under that lock the stored tokens are read again and, when another
    /// renewal already replaced <paramref name="stale"/>, returned as they are; otherwise <paramref name="refresh"/> gets
    /// new ones from the provider, and they are stored (encrypted) before they are returned to be used.
    /// </summary>
    Task<OAuthTokens> RenewAsync(
        OAuthTokens stale, Func<OAuthTokens, CancellationToken, Task<OAuthTokens>> refresh, CancellationToken cancellationToken);
}
