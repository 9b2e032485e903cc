using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.FastrServer;

/// <summary>
/// Fastr Server: Amove's transfer daemon, reached by Amove's desktop agents, not by this service. It has no public
/// protocol to browse, so an account is only recorded (its URL, user name and password, encrypted like every secret):
/// no connection is made on insert, and the platform answers every listing with
/// <see cref="ProviderDescription.NotBrowsableReason"/>.
/// </summary>
public sealed class FastrServerConnector : IStorageConnector
{
    public static ProviderDescription Description { get; } = new()
    {
        Provider = CloudProvider.FastrServer,
        DisplayName = "Fastr Server",
        Credentials = CredentialKind.KeyPair,
        AccessKeyMeaning = "user name",
        SecretKeyMeaning = "password",
        ServiceUrl = ServiceUrlRule.Required,
        Addressing = ObjectAddressing.ByPath,
        IsBrowsable = false,
    };

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
        throw NotBrowsable();

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
        throw NotBrowsable();

    private static StorageProviderException NotBrowsable() => new(ProviderFailure.InvalidRequest, Description.NotBrowsableReason);
}
