namespace Amove.CloudAccounts.Core.CloudAccounts.Connect;

/// <summary>Bound from the <c>OAuth</c> section: where the OAuth connect flows may send a user's browser back to.</summary>
public sealed class OAuthConnectOptions
{
    public const string SectionName = "OAuth";

    /// <summary>The most a connect flow's state is valid for, in minutes.</summary>
    public const int MaxStateLifetimeMinutes = 20;

    /// <summary>
    /// The absolute http(s) URLs a connect flow may name as its <c>redirectURL</c>, as registered with the providers. A
    /// request's URL must equal one of them after normalisation (scheme and host case, default port); path and query are
    /// compared exactly. Empty: no flow can be started.
    /// </summary>
    public List<string> AllowedRedirectUrls { get; set; } = [];

    /// <summary>How long a user has to grant access after the authorization URL is generated: 1 to 20 minutes (default 20).</summary>
    public int StateLifetimeMinutes { get; set; } = MaxStateLifetimeMinutes;

    public TimeSpan StateLifetime => TimeSpan.FromMinutes(StateLifetimeMinutes);

    internal IEnumerable<string> Problems()
    {
        if (StateLifetimeMinutes is < 1 or > MaxStateLifetimeMinutes)
        {
            yield return $"OAuth:StateLifetimeMinutes must be between 1 and {MaxStateLifetimeMinutes}.";
        }

        foreach (var url in AllowedRedirectUrls.Where(url => !RedirectUrls.TryParse(url, out _)))
        {
            yield return $"OAuth:AllowedRedirectUrls entry '{url}' must be an absolute http or https URL without user information or fragment.";
        }
    }
}
