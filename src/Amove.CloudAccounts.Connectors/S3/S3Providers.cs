using Amazon;
using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>The providers the S3 connector serves: what each needs, and how it is addressed, signed and listed.</summary>
internal static class S3Providers
{
    public static IReadOnlyDictionary<CloudProvider, S3Provider> All { get; } = new S3Provider[]
    {
        new(
            Describe(CloudProvider.AWS, "Amazon S3", "access key id", "secret access key", ServiceUrlRule.Optional, "the AWS regional endpoint"),
            DefaultServiceUrl: null, DefaultRegion: RegionEndpoint.USEast1, ForcePathStyle: false, AuthenticationRegion: null, ListsWithV1: false),
        new(
            Describe(CloudProvider.Wasabi, "Wasabi", "access key", "secret key", ServiceUrlRule.Optional, "https://s3.wasabisys.com"),
            DefaultServiceUrl: "https://s3.wasabisys.com", DefaultRegion: null, ForcePathStyle: true, AuthenticationRegion: "us-east-1", ListsWithV1: false),
        new(
            Describe(CloudProvider.S3Generic, "S3-compatible storage", "access key", "secret key", ServiceUrlRule.Required, null),
            DefaultServiceUrl: null, DefaultRegion: null, ForcePathStyle: true, AuthenticationRegion: "us-east-1", ListsWithV1: false),
        // Google's XML API lacks ListObjectsV2 interoperability, so it pages with Marker/NextMarker.
        new(
            Describe(CloudProvider.Google, "Google Cloud Storage", "HMAC access id", "HMAC secret", ServiceUrlRule.Optional, "https://storage.googleapis.com"),
            DefaultServiceUrl: "https://storage.googleapis.com", DefaultRegion: null, ForcePathStyle: true, AuthenticationRegion: "auto", ListsWithV1: true),
        new(
            Describe(CloudProvider.Cloudflare, "Cloudflare R2", "R2 access key id", "R2 secret", ServiceUrlRule.Required, null),
            DefaultServiceUrl: null, DefaultRegion: null, ForcePathStyle: true, AuthenticationRegion: "auto", ListsWithV1: false),
    }.ToDictionary(p => p.Description.Provider);

    public static IEnumerable<ProviderDescription> Descriptions => All.Values.Select(p => p.Description);

    private static ProviderDescription Describe(
        CloudProvider provider, string displayName, string accessKey, string secretKey, ServiceUrlRule serviceUrl, string? defaultEndpoint) => new()
        {
            Provider = provider,
            DisplayName = displayName,
            Credentials = CredentialKind.KeyPair,
            AccessKeyMeaning = accessKey,
            SecretKeyMeaning = secretKey,
            ServiceUrl = serviceUrl,
            DefaultEndpoint = defaultEndpoint,
            Addressing = ObjectAddressing.ByPath,
            HasRegions = true,
        };
}

/// <summary>How one S3-family provider is addressed, signed and listed.</summary>
/// <param name="DefaultServiceUrl">Used when neither the account nor configuration names a service URL.</param>
/// <param name="DefaultRegion">Used when no service URL applies at all: AWS's regional endpoint.</param>
/// <param name="ForcePathStyle">Bucket in the path rather than in the host name.</param>
/// <param name="AuthenticationRegion">Signing region for a service URL; null lets the SDK derive it (AWS).</param>
/// <param name="ListsWithV1">Pages object listings with Marker/NextMarker rather than ListObjectsV2.</param>
internal sealed record S3Provider(
    ProviderDescription Description,
    string? DefaultServiceUrl,
    RegionEndpoint? DefaultRegion,
    bool ForcePathStyle,
    string? AuthenticationRegion,
    bool ListsWithV1);
