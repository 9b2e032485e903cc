using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>
/// AWS S3, Wasabi, generic S3, Google Cloud Storage (XML API, HMAC keys) and Cloudflare R2: one protocol, with the
/// differences kept in <see cref="S3Providers"/>. The SDK sends through this connector's named HTTP client (outbound guard,
/// response cap, retries and attempt timeout: <see cref="ConnectorHttpClients"/>) and does not retry on its own.
/// </summary>
public sealed class S3Connector(
    IOptions<ConnectorsOptions> options,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    IHttpClientFactory httpClientFactory,
    BucketRegionCache regionCache,
    TimeProvider clock) : IStorageConnector, IBucketAdministration
{
    private const int MaxKeysPerPage = 1000;
    private const string Delimiter = "/";

    private readonly ConnectorsOptions _settings = options.Value;
    private readonly SdkHttpClients _httpClients = new(httpClientFactory, ConnectorHttpClients.NameOf(typeof(S3Connector)));

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        CallAsync(credentials, (call, token) => call.Client.ListBucketsAsync(new ListBucketsRequest(), token), cancellationToken);

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<StorageBucket>>(credentials, async (call, token) =>
        {
            var buckets = await ListAllBucketsAsync(call, token);
            var regions = request.WithRegions ? await LookUpRegionsAsync(call, buckets, token) : null;
            return [.. buckets.Select((bucket, i) => new StorageBucket("", bucket.BucketName, regions?[i], ToUtc(bucket.CreationDate)))];
        }, cancellationToken);

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.MaxCount, MaxKeysPerPage);
        var folder = request.Target as ListingTarget.InBucket
            ?? throw new ArgumentException("S3 buckets are listed by name and path, not by id.", nameof(request));

        return CallAsync(
            credentials,
            (call, token) => call.Profile.ListsWithV1
                ? ListPageV1Async(call, folder, request, token)
                : ListPageV2Async(call, folder, request, token),
            cancellationToken);
    }

    public Task CreateBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
        CallAsync(credentials, (call, token) => call.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, token), cancellationToken);

    public Task DeleteBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
        CallAsync(credentials, (call, token) => call.Client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucketName }, token), cancellationToken);

    public Task<long> MeasureBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
        CallAsync(credentials, async (call, token) =>
        {
            // Every key, no delimiter: folders are only prefixes, their objects count wherever they are.
            long bytes = 0;
            string? cursor = null;
            for (var pages = 1; ; pages++)
            {
                var (sizes, next) = await ListSizesAsync(call, bucketName, cursor, token);
                bytes += sizes;
                if (string.IsNullOrEmpty(next) || next == cursor)
                {
                    return bytes;
                }

                if (pages >= _settings.MaxPagesPerRequest)
                {
                    throw Platform.BoundedStorageConnector.TooManyPages(call.Provider, _settings.MaxPagesPerRequest, "objects");
                }

                cursor = next;
            }
        }, cancellationToken);

    private static async Task<(long Bytes, string? Next)> ListSizesAsync(S3Call call, string bucketName, string? cursor, CancellationToken cancellationToken)
    {
        if (call.Profile.ListsWithV1)
        {
            var page = await call.Client.ListObjectsAsync(
                new ListObjectsRequest { BucketName = bucketName, MaxKeys = MaxKeysPerPage, Marker = cursor }, cancellationToken);
            return (SizeOf(page.S3Objects), page.IsTruncated == true ? NextMarkerOf(page) : null);
        }

        var response = await call.Client.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = bucketName, MaxKeys = MaxKeysPerPage, ContinuationToken = cursor }, cancellationToken);
        return (SizeOf(response.S3Objects), response.IsTruncated == true ? response.NextContinuationToken : null);
    }

    private static long SizeOf(List<S3Object>? objects) => (objects ?? []).Sum(entry => entry.Size ?? 0);

    private async Task<T> CallAsync<T>(
        StorageCredentials credentials,
        Func<S3Call, CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        var profile = S3Providers.All.TryGetValue(credentials.Provider, out var found)
            ? found
            : throw new ArgumentException($"{credentials.Provider} is not an S3-family provider.", nameof(credentials));

        var keys = credentials.RequiredKeys;
        var serviceUrl = ServiceUrlOf(credentials, profile);
        using var client = CreateClient(keys, profile, serviceUrl);
        try
        {
            return await operation(new S3Call(client, profile, credentials.Provider, serviceUrl?.AbsoluteUri ?? "default"), cancellationToken);
        }
        catch (Exception exception) when (S3Failures.TryTranslateAnswer(exception, credentials.Provider, keys, clock, out var failure))
        {
            throw failure;
        }
    }

    private AmazonS3Client CreateClient(KeyPair keys, S3Provider profile, Uri? serviceUrl)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = profile.ForcePathStyle,
            // The v4 defaults (CRC checksums on every request) are rejected by many S3-compatible servers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // The named HTTP client retries; the SDK retrying too would multiply the attempts.
            MaxErrorRetry = 0,
            // Nor retry a reset connection apart from MaxErrorRetry (10 times by default): SocketsHttpHandler has already
            // tried it on fresh connections, and a provider resetting every connection got 44 calls for one request.
            MaxStaleConnectionRetries = 0,
            HttpClientFactory = _httpClients,
            // Counter-intuitive but deliberate: with false, the SDK hands 3xx responses to its own pipeline, which
            // re-issues 307s itself; with true, it treats every 3xx as an error. The guarded handler follows none.
            AllowAutoRedirect = true,
        };

        // ServiceURL and RegionEndpoint reset each other: set exactly one.
        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl.AbsoluteUri;
            config.AuthenticationRegion = profile.AuthenticationRegion;
        }
        else
        {
            config.RegionEndpoint = profile.DefaultRegion
                ?? throw new StorageProviderException(ProviderFailure.InvalidRequest, $"{profile.Description.Provider} needs a service URL.");
        }

        return new AmazonS3Client(new BasicAWSCredentials(keys.AccessKey, keys.SecretKey), config);
    }

    /// <summary>The account's own service URL wins over the configured one, which wins over the provider's default.</summary>
    private Uri? ServiceUrlOf(StorageCredentials credentials, S3Provider profile) =>
        credentials.ServiceUrl
        ?? endpoints.Get(credentials.Provider.ToString()).ServiceUri
        ?? (profile.DefaultServiceUrl is { } url ? new Uri(url) : null);

    /// <summary>
    /// Follows the provider's pages, at most <see cref="ConnectorsOptions.MaxPagesPerRequest"/> of them and
    /// <see cref="ConnectorsOptions.MaxBuckets"/> buckets in all: a provider that keeps handing out new continuation
    /// tokens, full pages or empty ones, is stopped there.
    /// </summary>
    private async Task<List<S3Bucket>> ListAllBucketsAsync(S3Call call, CancellationToken cancellationToken)
    {
        var buckets = new List<S3Bucket>();
        string? continuationToken = null;
        for (var pages = 1; ; pages++)
        {
            var page = await call.Client.ListBucketsAsync(new ListBucketsRequest { ContinuationToken = continuationToken }, cancellationToken);
            buckets.AddRange(page.Buckets ?? []);
            if (buckets.Count > _settings.MaxBuckets)
            {
                throw Platform.BoundedStorageConnector.TooManyBuckets(call.Provider, _settings.MaxBuckets);
            }

            // A server that echoes the token it was given would otherwise keep us here until the page limit.
            var next = page.ContinuationToken == continuationToken ? null : page.ContinuationToken;
            if (string.IsNullOrEmpty(next))
            {
                return buckets;
            }

            if (pages >= _settings.MaxPagesPerRequest)
            {
                throw Platform.BoundedStorageConnector.TooManyPages(call.Provider, _settings.MaxPagesPerRequest, "buckets");
            }

            continuationToken = next;
        }
    }

    /// <summary>
    /// Looks up the regions not already cached, <see cref="ConnectorsOptions.RegionLookupConcurrency"/> at a time: one
    /// call per bucket, so at most <see cref="ConnectorsOptions.MaxBuckets"/> of them.
    /// </summary>
    private async Task<string?[]> LookUpRegionsAsync(S3Call call, List<S3Bucket> buckets, CancellationToken cancellationToken)
    {
        var regions = new string?[buckets.Count];
        var unknown = new List<int>();
        for (var i = 0; i < buckets.Count; i++)
        {
            if (!regionCache.TryGet(call.Provider, call.Endpoint, buckets[i].BucketName, out regions[i]))
            {
                unknown.Add(i);
            }
        }

        var parallelism = new ParallelOptions
        {
            MaxDegreeOfParallelism = _settings.RegionLookupConcurrency,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(unknown, parallelism, async (i, token) =>
        {
            var bucketName = buckets[i].BucketName;
            regions[i] = await RegionOfAsync(call.Client, bucketName, token);
            if (regions[i] is { } region)
            {
                regionCache.Set(call.Provider, call.Endpoint, bucketName, region);
            }
        });
        return regions;
    }

    private static async Task<string?> RegionOfAsync(IAmazonS3 client, string bucketName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucketName }, cancellationToken);

            // GetBucketLocation predates region names: us-east-1 is reported as no location, eu-west-1 as "EU".
            return response.Location?.Value switch
            {
                null or "" => "us-east-1",
                "EU" => "eu-west-1",
                var region => region,
            };
        }
        catch (AmazonServiceException exception) when (S3Failures.IsRegionUnavailable(exception))
        {
            return null;
        }
    }

    private static async Task<StorageObjectPage> ListPageV2Async(
        S3Call call, ListingTarget.InBucket folder, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var response = await call.Client.ListObjectsV2Async(
            new ListObjectsV2Request
            {
                BucketName = folder.BucketName,
                Prefix = folder.FolderPath,
                Delimiter = Delimiter,
                MaxKeys = request.MaxCount,
                ContinuationToken = request.ProviderCursor,
            },
            cancellationToken);

        var nextCursor = response.IsTruncated == true ? response.NextContinuationToken : null;
        return ToPage(call, folder, request, response.CommonPrefixes, response.S3Objects, nextCursor);
    }

    private static async Task<StorageObjectPage> ListPageV1Async(
        S3Call call, ListingTarget.InBucket folder, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var response = await call.Client.ListObjectsAsync(
            new ListObjectsRequest
            {
                BucketName = folder.BucketName,
                Prefix = folder.FolderPath,
                Delimiter = Delimiter,
                MaxKeys = request.MaxCount,
                Marker = request.ProviderCursor,
            },
            cancellationToken);

        var nextCursor = response.IsTruncated == true ? NextMarkerOf(response) : null;
        return ToPage(call, folder, request, response.CommonPrefixes, response.S3Objects, nextCursor);
    }

    // The next page starts after the page's last entry. NextMarker is optional in V1, and when it is missing the SDK
    // fills in the last key, even if a common prefix sorts after it: take whichever of them sorts last.
    private static string? NextMarkerOf(ListObjectsResponse response) =>
        new[] { response.NextMarker, response.S3Objects?.LastOrDefault()?.Key, response.CommonPrefixes?.LastOrDefault() }
            .Where(marker => !string.IsNullOrEmpty(marker))
            .Max(StringComparer.Ordinal);

    private static StorageObjectPage ToPage(
        S3Call call, ListingTarget.InBucket folder, ObjectListRequest request, List<string>? commonPrefixes, List<S3Object>? objects, string? nextCursor)
    {
        // S3 has no folders, only keys: a folder is there while some key starts with its path (its marker included).
        if (request.IsFirstPage && !folder.IsRoot && nextCursor is null && commonPrefixes is not { Count: > 0 } && objects is not { Count: > 0 })
        {
            throw ProviderFailures.FolderNotFound(call.Provider, folder.FolderPath);
        }

        var prefix = folder.FolderPath;
        var directories = (commonPrefixes ?? []).Select(path => new StorageObject(
            Id: "", Name: LastSegment(path.EndsWith('/') ? path[..^1] : path), Path: path, Size: 0, LastModifiedUtc: null,
            Type: StorageObjectType.Directory));

        // The object named exactly like the prefix is the folder's own marker, not a file in it.
        var files = (objects ?? []).Where(entry => entry.Key != prefix).Select(entry => new StorageObject(
            Id: "", Name: LastSegment(entry.Key), Path: entry.Key, Size: entry.Size ?? 0, LastModifiedUtc: ToUtc(entry.LastModified),
            Type: StorageObjectType.File));

        return new StorageObjectPage([.. directories, .. files], nextCursor);
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static DateTimeOffset? ToUtc(DateTime? value) => value is { } time ? new DateTimeOffset(time.ToUniversalTime()) : null;

    /// <param name="Endpoint">The service URL the client talks to, or "default" for the provider's regional endpoint.</param>
    private sealed record S3Call(IAmazonS3 Client, S3Provider Profile, CloudProvider Provider, string Endpoint);

    /// <summary>Hands the SDK this connector's named clients from <see cref="IHttpClientFactory"/>.</summary>
    private sealed class SdkHttpClients(IHttpClientFactory factory, string name) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => factory.CreateClient(name);

        // The factory pools the handlers; the clients are cheap wrappers, disposed after use.
        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
    }
}
