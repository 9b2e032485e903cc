using Amazon;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>How one S3-family provider is addressed, signed and listed.</summary>
/// <param name="DefaultServiceUrl">Used when neither the account nor configuration names a service URL.</param>
/// <param name="DefaultRegion">Used when no service URL applies at all: AWS's regional endpoint.</param>
/// <param name="ForcePathStyle">Bucket in the path rather than in the host name.</param>
/// <param name="AuthenticationRegion">Signing region for a service URL; null lets the SDK derive it (AWS).</param>
/// <param name="ListsWithV1">Google's XML API lacks ListObjectsV2 interoperability, so it pages with Marker/NextMarker.</param>
internal sealed record S3ProviderProfile(
    string? DefaultServiceUrl,
    RegionEndpoint? DefaultRegion,
    bool ForcePathStyle,
    string? AuthenticationRegion,
    bool ListsWithV1)
{
    public static IReadOnlyDictionary<CloudProvider, S3ProviderProfile> All { get; } = new Dictionary<CloudProvider, S3ProviderProfile>
    {
#pragma warning disable format // keep the columns aligned
        //                                default service URL                default region            path-style  signing region  V1 listing
        [CloudProvider.AWS] = new(        null,                              RegionEndpoint.USEast1,   false,      null,           false),
        [CloudProvider.Wasabi] = new(     "https://s3.wasabisys.com",        null,                     true,       "us-east-1",    false),
        [CloudProvider.S3Generic] = new(  null,                              null,                     true,       "us-east-1",    false),
        [CloudProvider.Google] = new(     "https://storage.googleapis.com",  null,                     true,       "auto",         true),
        [CloudProvider.Cloudflare] = new( null,                              null,                     true,       "auto",         false),
#pragma warning restore format
    };
}
