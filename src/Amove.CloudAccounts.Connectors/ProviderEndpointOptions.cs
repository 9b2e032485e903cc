namespace Amove.CloudAccounts.Connectors;

/// <summary>Where a provider is reached unless the account names its own service URL.</summary>
public sealed class ProviderEndpointOptions
{
    /// <summary>An absolute http or https URL; empty for the provider's default (e.g. a local server in tests).</summary>
    public string? ServiceUrl { get; set; }

    internal bool IsValid => string.IsNullOrEmpty(ServiceUrl) || ServiceUrls.TryParse(ServiceUrl, out _);
}
