using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>Which credential fields each provider takes (API reference, section 6).</summary>
public static class ProviderCredentialKinds
{
    /// <summary>Providers that sign with an access key and a secret (or a username and password).</summary>
    public static bool UsesKeyPair(CloudProvider provider) => provider is
        CloudProvider.AWS or CloudProvider.Wasabi or CloudProvider.Azure or CloudProvider.S3Generic or
        CloudProvider.Google or CloudProvider.Cloudflare or CloudProvider.FastrServer;

    /// <summary>Providers reached with an OAuth token response stored in credentialsData.</summary>
    public static bool UsesOAuthToken(CloudProvider provider) => provider is
        CloudProvider.Frame or CloudProvider.Dropbox or CloudProvider.Box or CloudProvider.OneDrive or
        CloudProvider.GoogleDrive;

    /// <summary>Providers with no default endpoint: the account must say where they are.</summary>
    public static bool RequiresServiceUrl(CloudProvider provider) => provider is
        CloudProvider.S3Generic or CloudProvider.Cloudflare or CloudProvider.FastrServer;
}
