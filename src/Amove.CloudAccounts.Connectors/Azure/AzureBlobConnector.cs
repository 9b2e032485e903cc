using System.Text.RegularExpressions;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Platform;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Azure;

/// <summary>
/// Azure Blob Storage with Azure.Storage.Blobs and shared-key auth: containers are the buckets, blob names the paths, and a
/// folder is a hierarchical listing with the delimiter '/'. The SDK sends through this connector's named HTTP client
/// (outbound guard, response cap, retries and attempt timeout: <see cref="ConnectorHttpClients"/>) and does not retry or
/// time out on its own.
/// </summary>
public sealed partial class AzureBlobConnector(
    IOptions<ConnectorsOptions> options,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    IHttpClientFactory httpClientFactory,
    TimeProvider clock) : IStorageConnector
{
    private const int MaxResultsPerPage = 5000;
    private const string Delimiter = "/";

    private readonly ConnectorsOptions _settings = options.Value;

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
        CallAsync(credentials, async (client, token) =>
        {
            // One signed, read-only call: the first container, if any.
            await foreach (var _ in client.GetBlobContainersAsync(cancellationToken: token).AsPages(pageSizeHint: 1).WithCancellation(token))
            {
                break;
            }

            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<StorageBucket>>(credentials, (client, token) => ListAllContainersAsync(client, token), cancellationToken);

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.MaxCount, MaxResultsPerPage);
        var folder = request.Target as ListingTarget.InBucket
            ?? throw new ArgumentException("Azure containers are listed by name and path, not by id.", nameof(request));

        return CallAsync(credentials, (client, token) => ListPageAsync(client, folder, request, token), cancellationToken);
    }

    private async Task<T> CallAsync<T>(
        StorageCredentials credentials,
        Func<BlobServiceClient, CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        var keys = credentials.RequiredKeys;
        var client = CreateClient(keys, ServiceUrlOf(credentials, keys.AccessKey));
        try
        {
            return await operation(client, cancellationToken);
        }
        catch (Exception exception) when (AzureFailures.TryTranslateAnswer(exception, keys, clock, out var failure))
        {
            throw failure;
        }
    }

    private BlobServiceClient CreateClient(KeyPair keys, Uri serviceUrl)
    {
        StorageSharedKeyCredential credential;
        try
        {
            credential = new StorageSharedKeyCredential(keys.AccessKey, keys.SecretKey);
        }
        catch (FormatException exception)
        {
            // Never a 500: the key is the user's input, and an Azure account key is always base64.
            throw new StorageProviderException(
                ProviderFailure.AccessDenied,
                "Azure needs the storage account key as it is shown in the Azure portal (base64); the secret key is not base64.",
                innerException: exception);
        }

        var clientOptions = new BlobClientOptions
        {
            Transport = new HttpClientTransport(httpClientFactory.CreateClient(ConnectorHttpClients.NameOf(typeof(AzureBlobConnector)))),
        };

        // The named client retries and times out each attempt, and the platform bounds the whole operation: the SDK
        // retrying too would multiply the attempts, and its own 100-second network timeout would only hide which one fired.
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = Timeout.InfiniteTimeSpan;
        return new BlobServiceClient(serviceUrl, credential, clientOptions);
    }

    /// <summary>
    /// The account's own service URL wins over the configured one (<c>Connectors:Azure:ServiceUrl</c>, where
    /// <c>{account}</c> stands for the account name), which wins over <c>https://&lt;account&gt;.blob.core.windows.net</c>.
    /// </summary>
    private Uri ServiceUrlOf(StorageCredentials credentials, string accountName)
    {
        if (credentials.ServiceUrl is { } own)
        {
            return own;
        }

        var configured = endpoints.Get(nameof(CloudProvider.Azure));
        if (configured.ServiceUrl is { Length: > 0 } && !configured.NamesAccount)
        {
            return configured.ServiceUri!;
        }

        // The name becomes part of a host name: only what Azure allows for one may be spliced into it.
        if (!AccountName().IsMatch(accountName))
        {
            throw new StorageProviderException(
                ProviderFailure.InvalidRequest,
                "An Azure storage account name is 3 to 24 lowercase letters and digits; the access key must be the account name.");
        }

        return configured.ServiceUriFor(accountName) ?? new Uri($"https://{accountName}.blob.core.windows.net/");
    }

    /// <summary>
    /// Follows the service's pages, at most <see cref="ConnectorsOptions.MaxPagesPerRequest"/> of them and
    /// <see cref="ConnectorsOptions.MaxBuckets"/> containers in all.
    /// </summary>
    private async Task<IReadOnlyList<StorageBucket>> ListAllContainersAsync(BlobServiceClient client, CancellationToken cancellationToken)
    {
        var containers = new List<StorageBucket>();
        var pages = 0;
        await foreach (var page in client.GetBlobContainersAsync(cancellationToken: cancellationToken).AsPages().WithCancellation(cancellationToken))
        {
            pages++;
            containers.AddRange(page.Values.Select(container =>
                new StorageBucket("", container.Name, Region: null, container.Properties?.LastModified.ToUniversalTime())));
            if (containers.Count > _settings.MaxBuckets)
            {
                throw BoundedStorageConnector.TooManyBuckets(CloudProvider.Azure, _settings.MaxBuckets);
            }

            if (string.IsNullOrEmpty(page.ContinuationToken))
            {
                break;
            }

            if (pages >= _settings.MaxPagesPerRequest)
            {
                throw BoundedStorageConnector.TooManyPages(CloudProvider.Azure, _settings.MaxPagesPerRequest, "containers");
            }
        }

        return containers;
    }

    private static async Task<StorageObjectPage> ListPageAsync(
        BlobServiceClient client, ListingTarget.InBucket folder, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var container = client.GetBlobContainerClient(folder.BucketName);
        var listing = container.GetBlobsByHierarchyAsync(
            new GetBlobsByHierarchyOptions { Delimiter = Delimiter, Prefix = folder.IsRoot ? null : folder.FolderPath },
            cancellationToken);

        // Exactly one call: the first page the SDK fetches from the caller's cursor, and never the next one.
        Page<BlobHierarchyItem>? page = null;
        await foreach (var first in listing.AsPages(request.ProviderCursor, request.MaxCount).WithCancellation(cancellationToken))
        {
            page = first;
            break;
        }

        var items = page?.Values ?? [];
        var nextCursor = string.IsNullOrEmpty(page?.ContinuationToken) ? null : page.ContinuationToken;

        // Blob storage has no folders, only names: a folder is there while some blob's name starts with its path.
        if (request.IsFirstPage && !folder.IsRoot && nextCursor is null && items.Count == 0)
        {
            throw ProviderFailures.FolderNotFound(CloudProvider.Azure, folder.FolderPath);
        }

        var directories = items.Where(item => item.IsPrefix).Select(item => new StorageObject(
            Id: "", Name: LastSegment(item.Prefix.EndsWith('/') ? item.Prefix[..^1] : item.Prefix), Path: item.Prefix, Size: 0, LastModifiedUtc: null,
            Type: StorageObjectType.Directory));

        // The blob named exactly like the prefix is the folder's own marker, not a file in it.
        var files = items.Where(item => item.IsBlob && item.Blob.Name != folder.FolderPath).Select(item => new StorageObject(
            Id: "", Name: LastSegment(item.Blob.Name), Path: item.Blob.Name, Size: item.Blob.Properties?.ContentLength ?? 0,
            LastModifiedUtc: item.Blob.Properties?.LastModified?.ToUniversalTime(), Type: StorageObjectType.File));

        return new StorageObjectPage([.. directories, .. files], nextCursor);
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];

    // Azure's rule for storage account names, which are also the first label of the account's host names.
    [GeneratedRegex("^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();
}
