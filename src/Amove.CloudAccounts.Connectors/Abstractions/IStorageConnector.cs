namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// One provider (or provider family) behind a uniform browse API, resolved from DI keyed by <see cref="CloudProvider"/>.
/// A connector is registered with the <see cref="ProviderDescription"/> of each provider it serves and reached only
/// through the platform (<see cref="Platform.BoundedStorageConnector"/>), which gives every call one deadline, translates
/// network, timeout and size failures, and holds the answers to what was asked. A connector translates its provider's
/// error answers with <see cref="ProviderFailures.FromStatus"/>, so callers never see SDK exception types.
/// </summary>
public interface IStorageConnector
{
    /// <summary>Makes one signed, read-only call that proves the credentials work.</summary>
    Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken);

    Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken);

    /// <summary>Lists one page with exactly one provider list call.</summary>
    Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken);
}
