namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// One provider (or provider family) behind a uniform browse API. Resolved from DI keyed by
/// <see cref="CloudProvider"/>. Implementations throw <see cref="StorageProviderException"/> for
/// every provider failure, so callers never see SDK exception types.
/// </summary>
public interface IStorageConnector
{
    /// <summary>Makes one signed, read-only call that proves the credentials work.</summary>
    Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken);

    Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, bool includeRegion, CancellationToken cancellationToken);

    /// <summary>Lists one page with exactly one provider list call.</summary>
    Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken);
}
