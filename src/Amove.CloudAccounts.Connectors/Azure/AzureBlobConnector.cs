using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.Azure;

/// <summary>Azure Blob Storage with Azure.Storage.Blobs: containers are the buckets, blob names the paths.</summary>
public sealed class AzureBlobConnector : IStorageConnector
{
    public static ProviderDescription Description { get; } = new()
    {
        Provider = CloudProvider.Azure,
        DisplayName = "Azure Blob Storage",
        Credentials = CredentialKind.KeyPair,
        AccessKeyMeaning = "storage account name",
        SecretKeyMeaning = "account key (base64)",
        ServiceUrl = ServiceUrlRule.Optional,
        DefaultEndpoint = "https://<account>.blob.core.windows.net",
        Addressing = ObjectAddressing.ByPath,
    };

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
