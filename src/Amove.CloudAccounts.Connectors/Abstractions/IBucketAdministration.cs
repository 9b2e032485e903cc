namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// An optional capability of a connector: making, removing and measuring buckets, for storage this service administers
/// itself (Amove-hosted storage) rather than merely browses. Reached, like browsing, through the platform
/// (<see cref="Platform.BoundedStorageConnector"/>), which refuses it for connectors that lack it.
/// </summary>
public interface IBucketAdministration
{
    /// <summary>Creates an empty bucket; the provider's refusal (name taken, invalid) is its reason.</summary>
    Task CreateBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken);

    /// <summary>Deletes an empty bucket; a bucket with objects in it is refused by the provider.</summary>
    Task DeleteBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken);

    /// <summary>
    /// The bytes stored in a bucket, summed over its objects, following at most
    /// <see cref="ConnectorsOptions.MaxPagesPerRequest"/> pages of them (refused with <see cref="ProviderFailure.Oversized"/> beyond).
    /// </summary>
    Task<long> MeasureBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken);
}
