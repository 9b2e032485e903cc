namespace Amove.CloudAccounts.Connectors;

/// <summary>
/// One provider's own settings, bound from <c>Connectors:&lt;Provider&gt;</c> (e.g. <c>Connectors:Wasabi:ServiceUrl</c>) as
/// named options, one name per <see cref="CloudProvider"/>.
/// </summary>
public sealed class ProviderEndpointOptions
{
    /// <summary>
    /// Stands for each account's own name in <see cref="ServiceUrl"/>, for providers whose endpoint is per account (Azure:
    /// <c>https://{account}.blob.core.usgovcloudapi.net</c>); see <see cref="ServiceUriFor"/>.
    /// </summary>
    public const string AccountPlaceholder = "{account}";

    /// <summary>
    /// Where the provider is reached when an account names no service URL of its own, instead of the provider's default
    /// (a private deployment, a sovereign cloud, a local server in tests). An absolute http or https URL, or empty. For
    /// Azure it may contain <c>{account}</c>, replaced by each account's storage account name; providers whose accounts have
    /// no such name cannot use a URL that contains it.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Scheme and host of an OAuth provider's API (e.g. <c>https://api.dropboxapi.com</c>), to which the connector appends the
    /// provider's documented paths; empty for the public default. A configured host is a trusted destination.
    /// </summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>An OAuth provider's token endpoint, for refreshing tokens; empty for the public default. Trusted like <see cref="ApiBaseUrl"/>.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>
    /// An OAuth provider's authorization endpoint, where a user's browser is sent to connect an account; empty for the public
    /// default. Only browsers go there, so it is not a destination of this service.
    /// </summary>
    public string? AuthorizeUrl { get; set; }

    /// <summary>The OAuth client (application) id this deployment is registered with at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret; keep it in a secret store or an environment variable, not in a file.</summary>
    public string? ClientSecret { get; set; }

    internal bool IsValid =>
        (string.IsNullOrEmpty(ServiceUrl) || ServiceUrls.TryParse(ServiceUrl.Replace(AccountPlaceholder, "account", StringComparison.Ordinal), out _))
        && (string.IsNullOrEmpty(ApiBaseUrl) || ServiceUrls.TryParse(ApiBaseUrl, out _))
        && (string.IsNullOrEmpty(TokenUrl) || ServiceUrls.TryParse(TokenUrl, out _))
        && (string.IsNullOrEmpty(AuthorizeUrl) || ServiceUrls.TryParse(AuthorizeUrl, out _));

    /// <summary>The configured API base URL, or <paramref name="defaultUrl"/>.</summary>
    public Uri ApiBaseUri(string defaultUrl) => new(string.IsNullOrEmpty(ApiBaseUrl) ? defaultUrl : ApiBaseUrl);

    /// <summary>The configured token endpoint, or <paramref name="defaultUrl"/>.</summary>
    public Uri TokenUri(string defaultUrl) => new(string.IsNullOrEmpty(TokenUrl) ? defaultUrl : TokenUrl);

    /// <summary>The configured authorization endpoint, or <paramref name="defaultUrl"/>.</summary>
    public Uri AuthorizeUri(string defaultUrl) => new(string.IsNullOrEmpty(AuthorizeUrl) ? defaultUrl : AuthorizeUrl);

    /// <summary>host:port of each configured API and token endpoint: trusted destinations, as the operator named them.</summary>
    internal IEnumerable<Uri> TrustedUrls =>
        new[] { ApiBaseUrl, TokenUrl }
            .Where(url => ServiceUrls.TryParse(url, out _))
            .Select(url => new Uri(url!));

    /// <summary>The configured URL, or null when none is.</summary>
    /// <exception cref="InvalidOperationException">The URL names <c>{account}</c>, which only <see cref="ServiceUriFor"/> fills in.</exception>
    public Uri? ServiceUri => string.IsNullOrEmpty(ServiceUrl)
        ? null
        : ServiceUrl.Contains(AccountPlaceholder, StringComparison.Ordinal)
            ? throw new InvalidOperationException(
                $"A Connectors:<Provider>:ServiceUrl containing {AccountPlaceholder} is only for providers with per-account endpoints (Azure).")
            : new Uri(ServiceUrl);

    /// <summary>
    /// The configured URL with <c>{account}</c> replaced by <paramref name="accountName"/>, which the caller has checked is
    /// fit for a host name; null when none is configured.
    /// </summary>
    public Uri? ServiceUriFor(string accountName) => string.IsNullOrEmpty(ServiceUrl)
        ? null
        : new Uri(ServiceUrl.Replace(AccountPlaceholder, accountName, StringComparison.Ordinal));

    /// <summary>True when the configured URL names the account (<see cref="AccountPlaceholder"/>).</summary>
    public bool NamesAccount => ServiceUrl?.Contains(AccountPlaceholder, StringComparison.Ordinal) == true;
}
