namespace Amove.CloudAccounts.Connectors;

/// <summary>
/// One provider's own settings, bound from <c>Connectors:&lt;Provider&gt;</c> (e.g. <c>Connectors:Wasabi:ServiceUrl</c>) as
/// named options, one name per <see cref="CloudProvider"/>.
/// </summary>
public sealed class ProviderEndpointOptions
{
    /// <summary>
    /// Where the provider is reached when an account names no service URL of its own, instead of the provider's default
    /// (a private deployment, a sovereign cloud, a local server in tests). An absolute http or https URL, or empty.
    /// </summary>
    public string? ServiceUrl { get; set; }

    internal bool IsValid => string.IsNullOrEmpty(ServiceUrl) || ServiceUrls.TryParse(ServiceUrl, out _);

    /// <summary>The configured URL, or null when none is.</summary>
    public Uri? ServiceUri => string.IsNullOrEmpty(ServiceUrl) ? null : new Uri(ServiceUrl);
}
